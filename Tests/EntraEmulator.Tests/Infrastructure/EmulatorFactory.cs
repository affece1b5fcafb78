using EntraEmulator.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EntraEmulator.Tests.Infrastructure;

/// <summary>The emulator in memory, with its own temporary data directory (deleted on dispose unless shared).</summary>
public class EmulatorFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsDirectory;
    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider? _time;
    private readonly string _environment;

    /// <param name="environment">The host environment; the emulator's own endpoints exist only in Development.</param>
    public EmulatorFactory(string? dataDirectory = null, IDictionary<string, string?>? overrides = null, TimeProvider? time = null,
        string environment = "Development")
    {
        _ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "entra-emulator-tests", Guid.NewGuid().ToString("N"));
        _settings = TestTenant.Settings(DataDirectory);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _time = time;
        _environment = environment;
    }

    public string DataDirectory { get; }

    /// <summary>What the emulator logged (the development second factor's one-time codes among it).</summary>
    public CapturedLogs Logs { get; } = new();

    public TokenClient CreateTokenClient() => new(CreateClient());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (_time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_time));
        }
    }

    /// <summary>Clients send the control header, as the AppHost and the test harness do; a web page's request is <see cref="CreatePageClient"/>.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(EmulatorControlRequests.HeaderName, "1");
    }

    /// <summary>A client that sends only what a web page can send cross-origin without a preflight (no custom header).</summary>
    public TokenClient CreatePageClient() => new(Server.CreateClient());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

/// <summary>The default test tenant, shared by the tests of one class (xunit class fixture).</summary>
public sealed class DefaultEmulator() : EmulatorFactory();
