namespace BuildCore.Tests;

public sealed class TestApplicationTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("test-application-").FullName;

    [Fact]
    public void TheBuildOfTheConfigurationIsFoundAndOfTwoFrameworksTheNewest()
    {
        // Given a project built for Release twice (an old framework's output still there) and once for Debug
        var module = Project("Orders.Tests");
        var old = Built(module, "Release", "net9.0", DateTime.UtcNow.AddDays(-3));
        var current = Built(module, "Release", "net10.0", DateTime.UtcNow);
        Built(module, "Debug", "net10.0", DateTime.UtcNow.AddMinutes(1));

        // When / Then: the control (the older one exists) and the answer
        Assert.True(File.Exists(old));
        Assert.Equal(current, TestApplication.Find(module, "Release"));
    }

    [Fact]
    public void AProjectNeverBuiltIsAMessageNamingItAndCompile()
    {
        var module = Project("Never.Tests");
        Built(module, "Debug", "net10.0", DateTime.UtcNow);

        var error = Assert.Throws<BuildException>(() => TestApplication.Find(module, "Release"));

        Assert.Contains("Never.Tests has no Release build in", error.Message, StringComparison.Ordinal);
        Assert.Contains("run Compile first", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    TestModule Project(string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, "tests", name)).FullName;
        return new TestModule(name, Path.Combine(directory, name + ".csproj"));
    }

    static string Built(TestModule module, string configuration, string framework, DateTime writtenUtc)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(module.ProjectPath)!, "bin", configuration, framework)).FullName;
        var application = Path.Combine(directory, module.Name + ".dll");
        File.WriteAllText(application, "");
        File.SetLastWriteTimeUtc(application, writtenUtc);
        return application;
    }
}
