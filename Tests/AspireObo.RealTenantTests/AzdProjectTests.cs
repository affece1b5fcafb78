using AspireObo.RealTenantTests.Infrastructure;

namespace AspireObo.RealTenantTests;

/// <summary>azure.yaml hands azd the Aspire AppHost (azd then reads its publish manifest) for Container Apps.</summary>
public sealed class AzdProjectTests
{
    [Fact]
    public void Azure_yaml_points_azd_at_the_AppHost_on_Container_Apps()
    {
        var settings = File.ReadLines(Repository.File("azure.yaml"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && line.Contains(": ", StringComparison.Ordinal))
            .Select(line => line.Split(": ", 2))
            .ToLookup(pair => pair[0], pair => pair[1]);

        var project = Assert.Single(settings["project"]);
        Assert.Equal("dotnet", Assert.Single(settings["language"]));
        Assert.Equal("containerapp", Assert.Single(settings["host"]));
        var projectFile = Repository.File(project.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part != ".").ToArray());
        Assert.Contains("Aspire.AppHost.Sdk", File.ReadAllText(projectFile), StringComparison.Ordinal);
    }
}
