namespace BuildCore;

/// <summary>
/// The test application a project's build produced. The Test target runs it directly (xunit v3 on Microsoft.Testing.Platform
/// is an executable that takes the same options): `dotnet test --project` evaluated each project with MSBuild first just
/// to find this file, about 0.8 CPU-seconds a project on the 2-core CI machine (2026-12-02).
/// </summary>
public static class TestApplication
{
    /// <summary>
    /// bin/&lt;configuration&gt;/&lt;framework&gt;/&lt;name&gt;.dll beside the project file. When an old build for another target framework is
    /// still there, the newest one is the one Compile just wrote.
    /// </summary>
    public static string Find(TestModule module, string configuration)
    {
        ArgumentNullException.ThrowIfNull(module);
        var bin = Path.Combine(Path.GetDirectoryName(module.ProjectPath) ?? ".", "bin", configuration);
        var built = Directory.Exists(bin)
            ? Directory.GetDirectories(bin).Select(framework => Path.Combine(framework, module.Name + ".dll")).Where(File.Exists)
            : [];
        return built.OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new BuildException($"{module.Name} has no {configuration} build in {bin}: run Compile first (Test runs it unless --skip Compile).");
    }
}
