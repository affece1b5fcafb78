using System.Text.Json.Nodes;

namespace AspireObo.SystemTests.Deployment;

/// <summary>
/// What <c>azd up</c> deploys, read from the manifest the AppHost publishes: both APIs and a Redis container wired
/// to the Microsoft Entra ID parameters (which azd prompts for), FrontApi's credential a secret parameter, and
/// nothing of the local EntraEmulator.
/// </summary>
public sealed class PublishManifestTests
{
    private const string TenantParameter = "{entra-tenant-id.value}";
    private const string FrontApiClientIdParameter = "{front-api-client-id.value}";
    private const string DownstreamApiClientIdParameter = "{downstream-api-client-id.value}";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publishing_deploys_both_APIs_and_a_Redis_container_and_never_the_emulator()
    {
        var manifest = await PublishManifest.GenerateAsync([], Cancellation);

        Assert.Equal("project.v0", manifest.Resource("front")["type"]?.GetValue<string>());
        Assert.EndsWith("FrontApi.csproj", manifest.Resource("front")["path"]?.GetValue<string>());
        Assert.Equal("project.v0", manifest.Resource("downstream")["type"]?.GetValue<string>());
        Assert.EndsWith("DownstreamApi.csproj", manifest.Resource("downstream")["path"]?.GetValue<string>());
        Assert.Equal("container.v0", manifest.Resource("cache")["type"]?.GetValue<string>());
        Assert.Contains("redis", manifest.Resource("cache")["image"]?.GetValue<string>());

        Assert.DoesNotContain("identity", manifest.Resources.Select(resource => resource.Key));
        Assert.DoesNotContain("front-api-emulator-client-secret", manifest.Resources.Select(resource => resource.Key));
        Assert.DoesNotContain("EntraEmulator", manifest.Text, StringComparison.OrdinalIgnoreCase);

        // Clients call FrontApi from outside; DownstreamApi is reachable only inside the environment.
        Assert.True(manifest.Resource("front")["bindings"]?["https"]?["external"]?.GetValue<bool>());
        Assert.Null(manifest.Resource("downstream")["bindings"]?["https"]?["external"]);
    }

    [Fact]
    public async Task Publishing_carries_nothing_of_the_dashboards_development_commands()
    {
        var manifest = await PublishManifest.GenerateAsync([], Cancellation);

        // The commands' key and FrontApi's cache-clearing switch exist only when the AppHost runs.
        Assert.DoesNotContain("front-dev-admin-key", manifest.Resources.Select(resource => resource.Key));
        Assert.DoesNotContain("DevelopmentAdmin__Key", manifest.EnvironmentNames("front"));
        Assert.DoesNotContain("_emulator", manifest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("_dev/", manifest.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_dashboard_commands_exist_when_the_AppHost_runs_and_never_when_it_publishes(bool publishing)
    {
        string[] ours = ["throttle-token-endpoint", "slow-token-endpoint", "require-mfa", "clear-faults", "clear-token-cache", "get-dev-user-token"];
        string[] arguments = publishing ? ["--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), $"aspireobo-manifest-{Guid.NewGuid():N}.json")] : [];
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(arguments, Cancellation);

        var commands = appHost.Resources
            .SelectMany(resource => resource.Annotations.OfType<Aspire.Hosting.ApplicationModel.ResourceCommandAnnotation>())
            .Select(command => command.Name)
            .Intersect(ours);

        Assert.Equal(publishing ? [] : ours.Order(), commands.Order());
    }

    [Fact]
    public async Task Publishing_wires_the_Entra_ID_parameters_to_both_APIs()
    {
        var manifest = await PublishManifest.GenerateAsync([], Cancellation);

        foreach (var name in new[] { "entra-tenant-id", "front-api-client-id", "downstream-api-client-id" })
        {
            AssertPromptedParameter(manifest, name, secret: false);
        }

        foreach (var api in new[] { "front", "downstream" })
        {
            Assert.Equal("https://login.microsoftonline.com/", manifest.Environment(api, "AzureAd__Instance"));
            Assert.Equal(TenantParameter, manifest.Environment(api, "AzureAd__TenantId"));
        }

        Assert.Equal(FrontApiClientIdParameter, manifest.Environment("front", "AzureAd__ClientId"));
        Assert.Equal(DownstreamApiClientIdParameter, manifest.Environment("downstream", "AzureAd__ClientId"));
        Assert.Equal(FrontApiClientIdParameter, manifest.Environment("downstream", "AllowedClientApplications__0"));
        Assert.Equal($"api://{DownstreamApiClientIdParameter}/Todo.Read", manifest.Environment("front", "DownstreamApis__DownstreamApi__Scopes__0"));
        Assert.Equal($"api://{DownstreamApiClientIdParameter}/Todo.ReadWrite", manifest.Environment("front", "DownstreamApis__DownstreamApi__Scopes__1"));
    }

    [Fact]
    public async Task FrontApi_client_secret_is_a_secret_parameter_whose_value_is_never_written()
    {
        var secret = $"never-in-the-manifest-{Guid.NewGuid():N}";
        var manifest = await PublishManifest.GenerateAsync(EntraIdTestTenant.Parameters(secret), Cancellation);

        AssertPromptedParameter(manifest, "front-api-client-secret", secret: true);
        Assert.Equal("ClientSecret", manifest.Environment("front", "AzureAd__ClientCredentials__0__SourceType"));
        Assert.Equal("{front-api-client-secret.value}", manifest.Environment("front", "AzureAd__ClientCredentials__0__ClientSecret"));
        Assert.DoesNotContain(secret, manifest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(EntraIdTestTenant.TenantId, manifest.Text, StringComparison.Ordinal);
        // The credential is FrontApi's alone.
        Assert.DoesNotContain(manifest.EnvironmentNames("downstream"), name => name.StartsWith("AzureAd__ClientCredentials", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("KeyVaultCertificate", "KeyVault", "KeyVaultUrl=front-api-certificate-key-vault-url", "KeyVaultCertificateName=front-api-certificate-name")]
    [InlineData("ManagedIdentity", "SignedAssertionFromManagedIdentity", "ManagedIdentityClientId=front-api-managed-identity-client-id", null)]
    public async Task FrontApi_credential_kind_is_chosen_by_AppHost_configuration(string kind, string sourceType, string firstSetting, string? secondSetting)
    {
        var manifest = await PublishManifest.GenerateAsync([$"--Front:Credential={kind}"], Cancellation);

        Assert.Equal(sourceType, manifest.Environment("front", "AzureAd__ClientCredentials__0__SourceType"));
        foreach (var setting in new[] { firstSetting, secondSetting }.OfType<string>().Select(pair => pair.Split('=')))
        {
            AssertPromptedParameter(manifest, setting[1], secret: false);
            Assert.Equal($"{{{setting[1]}.value}}", manifest.Environment("front", $"AzureAd__ClientCredentials__0__{setting[0]}"));
        }

        Assert.DoesNotContain("front-api-client-secret", manifest.Resources.Select(resource => resource.Key));
        Assert.Null(manifest.Environment("front", "AzureAd__ClientCredentials__0__ClientSecret"));
    }

    [Fact]
    public async Task Publishing_gives_each_service_a_connection_string_with_its_own_Redis_user()
    {
        var manifest = await PublishManifest.GenerateAsync([], Cancellation);

        foreach (var (service, user, keys) in new[] { ("front", "front", "~AspireObo:FrontApi:*"), ("downstream", "downstream", "~todos:*") })
        {
            // The service reads ConnectionStrings:cache, which is its own user's connection string, never the server's.
            Assert.Equal($"{{cache-{user}.connectionString}}", manifest.Environment(service, "ConnectionStrings__cache"));
            var connection = manifest.Resource($"cache-{user}");
            Assert.StartsWith($"{{cache.bindings.tcp.host}}:{{cache.bindings.tcp.port}},user={user},password={{cache-{user}-password.value}}",
                connection["connectionString"]?.GetValue<string>());
            AssertGeneratedSecret(manifest, $"cache-{user}-password");

            // The container creates the user with its key pattern, the password coming from its environment.
            Assert.Equal($"{{cache-{user}-password.value}}", manifest.Environment("cache", $"REDIS_{user.ToUpperInvariant()}_PASSWORD"));
            var command = manifest.Resource("cache")["args"]!.AsArray().Select(argument => argument!.GetValue<string>()).Single(argument => argument.StartsWith("redis-server ", StringComparison.Ordinal));
            Assert.Contains($"--user {user} on \">$REDIS_{user.ToUpperInvariant()}_PASSWORD\" 'resetchannels' '&__Booksleeve_MasterChanged' '{keys}' '+@all' '-@dangerous'", command, StringComparison.Ordinal);
            Assert.Contains("--requirepass $REDIS_PASSWORD", command, StringComparison.Ordinal); // the default user has a password
            Assert.DoesNotContain("cache-password", string.Join('\n', manifest.EnvironmentNames(service).Select(name => manifest.Environment(service, name))), StringComparison.Ordinal);
        }

        AssertGeneratedSecret(manifest, "cache-password");
    }

    [Fact]
    public async Task Publishing_protects_FrontApi_key_ring_with_a_Key_Vault_certificate()
    {
        var manifest = await PublishManifest.GenerateAsync([], Cancellation);

        Assert.Equal("KeyVault", manifest.Environment("front", "DataProtection__KeyEncryptionCertificate__SourceType"));
        Assert.Equal("{front-key-ring-key-vault-url.value}", manifest.Environment("front", "DataProtection__KeyEncryptionCertificate__KeyVaultUrl"));
        Assert.Equal("{front-key-ring-certificate-name.value}", manifest.Environment("front", "DataProtection__KeyEncryptionCertificate__KeyVaultCertificateName"));
        AssertPromptedParameter(manifest, "front-key-ring-key-vault-url", secret: false);
        AssertPromptedParameter(manifest, "front-key-ring-certificate-name", secret: false);
        Assert.DoesNotContain(manifest.EnvironmentNames("downstream"), name => name.StartsWith("DataProtection__", StringComparison.Ordinal));
    }

    /// <summary>A secret azd generates (and keeps in the azd environment): never prompted, never written in the manifest.</summary>
    private static void AssertGeneratedSecret(PublishManifest manifest, string name)
    {
        var input = manifest.Resource(name)["inputs"]?["value"] as JsonObject;
        Assert.NotNull(input);
        Assert.True(input["secret"]?.GetValue<bool>());
        Assert.NotNull(input["default"]?["generate"]);
    }

    [Theory]
    [InlineData("--Front:Credential=CertificateFile")]          // the emulator's generated certificate file
    [InlineData("--Front:Credential=certificate")]              // the former emulator-only value
    [InlineData("--EntraId:FrontApiCredential=Certificate")]    // the former Entra ID-only setting
    public async Task A_credential_setting_the_authority_cannot_use_stops_publishing_naming_Front_Credential(string argument)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => PublishManifest.GenerateAsync([argument], Cancellation));

        Assert.Contains("Front:Credential", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>A parameter with no default value: azd asks for it (once) and keeps it in the azd environment.</summary>
    private static void AssertPromptedParameter(PublishManifest manifest, string name, bool secret)
    {
        var parameter = manifest.Resource(name);
        Assert.Equal("parameter.v0", parameter["type"]?.GetValue<string>());
        var input = parameter["inputs"]?["value"] as JsonObject;
        Assert.NotNull(input);
        Assert.Equal(secret, input["secret"]?.GetValue<bool>() ?? false);
        Assert.Null(input["default"]);
    }
}
