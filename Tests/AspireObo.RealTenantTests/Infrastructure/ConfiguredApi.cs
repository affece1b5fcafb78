using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AspireObo.RealTenantTests.Infrastructure;

/// <summary>
/// One of the APIs in process, with exactly the configuration the AppHost would hand it (settings are applied
/// before Program runs, as environment variables are).
/// </summary>
public sealed class ConfiguredApi<TProgram>(string environment, IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<TProgram> where TProgram : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
