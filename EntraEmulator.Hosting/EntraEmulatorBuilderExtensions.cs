using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using EntraEmulator.Hosting;
using EntraEmulator.Hosting.Applications;
using EntraEmulator.Hosting.Dashboard;
using EntraEmulator.Hosting.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// <c>RunAsEmulator()</c>: in run mode, the declared tenant is played by the local EntraEmulator, a process (no container
/// runtime needed); when publishing, or once the tenant's parameters are configured, nothing happens and the real tenant
/// is used. The emulator-only declarations (users, Conditional Access, token lifetimes) follow.
/// </summary>
public static class EntraEmulatorBuilderExtensions
{
    /// <summary>
    /// Runs the local EntraEmulator for this tenant in run mode, unless the tenant's id parameter is configured (then the
    /// AppHost runs against that tenant). Call it right after <c>AddEntraId</c>: the mode is fixed at first use.
    /// </summary>
    public static IResourceBuilder<EntraIdResource> RunAsEmulator(
        this IResourceBuilder<EntraIdResource> identity, Action<IResourceBuilder<EntraEmulatorResource>>? configureEmulator = null)
    {
        var builder = identity.ApplicationBuilder;
        var tenant = identity.Resource;
        if (tenant.UsesConfiguredTenant)
        {
            return identity;
        }

        if (tenant.Mode != IdentityMode.Undecided)
        {
            throw new InvalidOperationException(
                $"'{tenant.Name}': call RunAsEmulator() right after AddEntraId(\"{tenant.Name}\"), before its applications are referenced.");
        }

        EmulatorAssets.EnsurePresent();
        tenant.Mode = IdentityMode.Emulator;
        var emulator = new EntraEmulatorResource(tenant.Name, tenant, "dotnet", EmulatorAssets.Directory, DefaultDataDirectory(builder, tenant.Name))
        {
            TenantId = StableIds.Derive($"tenant:{builder.AppHostDirectory}:{tenant.Name}"),
        };
        tenant.Emulator = emulator;

        var resource = builder.AddResource(emulator)
            .WithArgs(EmulatorAssets.EntryAssemblyPath)
            .WithHttpsEndpoint(name: EntraEmulatorResource.HttpsEndpointName, env: "ENTRA_EMULATOR_HTTPS_PORT")
            .WithEnvironment("ASPNETCORE_URLS", ReferenceExpression.Create($"https://localhost:{emulator.HttpsEndpoint.Property(EndpointProperty.TargetPort)}"))
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development") // its development switches (faults, commands) exist only there
            .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Warning")
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["Kestrel__Certificates__Default__Path"] = emulator.CertificatePath;
                context.EnvironmentVariables["Kestrel__Certificates__Default__KeyPath"] = emulator.PrivateKeyPath;
                TenantDirectorySettings.Write(context.EnvironmentVariables, emulator);
                if (context.ExecutionContext.IsRunMode)
                {
                    TenantFile.Write(emulator);
                }
            })
            .WithOtlpExporter()
            .WithIconName("ShieldKeyhole")
            .WithAnnotation(new EmulatorResourceAnnotation());

        configureEmulator?.Invoke(resource);

        // Generated for this machine, outside any repository, before anything trusts it.
        EmulatorCertificate.EnsureCreated(emulator.DataDirectory);
        resource.WithReadinessHealthCheck().WithFaultCommands();
        return identity;
    }

    /// <summary>Fixes the emulated tenant's id (otherwise derived from the AppHost and the resource name).</summary>
    public static IResourceBuilder<EntraEmulatorResource> WithTenantId(this IResourceBuilder<EntraEmulatorResource> emulator, string tenantId)
    {
        emulator.Resource.TenantId = Guid.Parse(tenantId).ToString("D");
        return emulator;
    }

    /// <summary>Where the signing key and the generated certificates live (default: per user, per AppHost, outside the repository).</summary>
    public static IResourceBuilder<EntraEmulatorResource> WithDataDirectory(this IResourceBuilder<EntraEmulatorResource> emulator, string path)
    {
        emulator.Resource.DataDirectory = Path.GetFullPath(path);
        return emulator;
    }

    /// <summary>The port the emulator is reached at (Aspire's proxy); random when not set.</summary>
    public static IResourceBuilder<EntraEmulatorResource> WithHostPort(this IResourceBuilder<EntraEmulatorResource> emulator, int? port) =>
        emulator.WithEndpoint(EntraEmulatorResource.HttpsEndpointName, endpoint => endpoint.Port = port);

    /// <summary>A development user who can sign in (password grant, sign-in page, the dashboard's token command).</summary>
    public static IResourceBuilder<EntraEmulatorResource> WithUser(this IResourceBuilder<EntraEmulatorResource> emulator, EntraEmulatorUser user)
    {
        emulator.Resource.Users.Add(user);
        return emulator;
    }

    /// <summary>A development user with a password (display name: <paramref name="displayName"/>, else the name).</summary>
    public static IResourceBuilder<EntraEmulatorResource> WithUser(this IResourceBuilder<EntraEmulatorResource> emulator,
        string name, string password, string? displayName = null) =>
        emulator.WithUser(new EntraEmulatorUser(name) { Password = password, DisplayName = displayName });

    /// <summary><paramref name="count"/> numbered users <c>user001</c>… (password <c>user001-dev-password</c>) for load tests; 0 for none.</summary>
    public static IResourceBuilder<EntraEmulatorResource> WithLoadTestUsers(this IResourceBuilder<EntraEmulatorResource> emulator, int count)
    {
        emulator.Resource.LoadTestUsers = Math.Max(0, count);
        return emulator;
    }

    /// <summary>
    /// A Conditional Access authentication context of the tenant (<c>c1</c> … <c>c99</c>): an API asks for it with a claims
    /// challenge, and tokens carry it in <c>acrs</c> once the user passed the emulator's second factor (the one-time code).
    /// Against a real tenant it describes a context (and a policy requiring MFA for it) that the tenant must have.
    /// </summary>
    public static IResourceBuilder<EntraEmulatorResource> WithAuthenticationContext(this IResourceBuilder<EntraEmulatorResource> emulator,
        string id, string displayName)
    {
        emulator.Resource.AuthenticationContexts[id] = displayName;
        return emulator;
    }

    /// <summary>Token lifetimes; null keeps Entra's defaults (access: 60–90 minutes, random per token; refresh: 90 days).</summary>
    public static IResourceBuilder<EntraEmulatorResource> WithTokenLifetimes(this IResourceBuilder<EntraEmulatorResource> emulator,
        TimeSpan? accessToken = null, TimeSpan? refreshToken = null)
    {
        emulator.Resource.AccessTokenLifetime = accessToken ?? emulator.Resource.AccessTokenLifetime;
        emulator.Resource.RefreshTokenLifetime = refreshToken ?? emulator.Resource.RefreshTokenLifetime;
        return emulator;
    }

    private static IResourceBuilder<EntraEmulatorResource> WithReadinessHealthCheck(this IResourceBuilder<EntraEmulatorResource> emulator)
    {
        var key = $"{emulator.Resource.Name}_entra_emulator_ready";
        var check = new EmulatorReadinessCheck(emulator.Resource); // one instance: one connection pool
        emulator.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, check, failureStatus: null, tags: null));
        return emulator.WithHealthCheck(key);
    }

    private static string DefaultDataDirectory(IDistributedApplicationBuilder builder, string name)
    {
        // One folder per AppHost (its directory's hash: two AppHosts called "AppHost" do not share keys) and per resource.
        var appHost = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(builder.AppHostDirectory)))[..12].ToLowerInvariant();
        return Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "EntraEmulator.Hosting", $"{builder.Environment.ApplicationName}-{appHost}", name);
    }
}
