using BuildCore;

partial class Build
{
    Target Compile => _ => _
        .Description("Builds the solution (Release on CI, Debug locally; --configuration overrides).")
        .Executes(async ct => await RunToolAsync("dotnet", ["build", SolutionFile, "-c", Configuration.ToString(), "-nologo"], ct));
}
