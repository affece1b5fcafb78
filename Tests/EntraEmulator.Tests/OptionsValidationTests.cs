using EntraEmulator.Options;
using EntraEmulator.Tests.Infrastructure;

namespace EntraEmulator.Tests;

public sealed class OptionsValidationTests
{
    private static EntraEmulatorOptions Valid() => new()
    {
        TenantId = TestTenant.TenantId,
        Applications = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Api"] = new() { ClientId = TestTenant.DownstreamApi, Scopes = ["Todo.Read"], AppRoles = ["Todo.Read.All"] },
            ["Client"] = new()
            {
                ClientId = TestTenant.FrontApi,
                ApiPermissions = new(StringComparer.OrdinalIgnoreCase) { ["Api"] = ["Todo.Read"] },
                AppPermissions = new(StringComparer.OrdinalIgnoreCase) { ["Api"] = ["Todo.Read.All"] },
            },
        },
        Users = new(StringComparer.OrdinalIgnoreCase)
        {
            ["alice"] = new() { ObjectId = TestTenant.AliceObjectId, UserPrincipalName = "alice@aspireobo.dev", Password = "p" },
        },
    };

    private static IReadOnlyList<string> Failures(EntraEmulatorOptions options) =>
        new EntraEmulatorOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Valid_configuration_passes_even_with_a_confidential_app_without_secret() =>
        Assert.Empty(Failures(Valid()));

    [Fact]
    public void Tenant_and_client_ids_must_be_GUIDs()
    {
        var options = Valid();
        options.TenantId = "contoso";
        options.Applications["Api"].ClientId = "api";

        var failures = Failures(options);

        Assert.Contains(failures, f => f.Contains("EntraEmulator:TenantId must be a GUID"));
        Assert.Contains(failures, f => f.Contains("EntraEmulator:Applications:Api:ClientId must be a GUID"));
    }

    [Fact]
    public void Permissions_must_name_a_known_application()
    {
        var options = Valid();
        options.Applications["Client"].ApiPermissions["Typo"] = ["Todo.Read"];

        Assert.Contains(Failures(options), f => f.Contains("ApiPermissions:Typo") && f.Contains("no application named 'Typo'"));
    }

    [Fact]
    public void Permissions_must_name_exposed_scopes_and_roles()
    {
        var options = Valid();
        options.Applications["Client"].ApiPermissions["Api"] = ["Todo.Write"];
        options.Applications["Client"].AppPermissions["Api"] = ["Todo.Write.All"];

        var failures = Failures(options);

        Assert.Contains(failures, f => f.Contains("'Todo.Write' is not exposed by application 'Api' (it exposes: Todo.Read)"));
        Assert.Contains(failures, f => f.Contains("'Todo.Write.All' is not exposed by application 'Api'"));
    }

    [Fact]
    public void Duplicates_and_contradictions_are_reported()
    {
        var options = Valid();
        options.Applications["Client"].ClientId = TestTenant.DownstreamApi;
        options.Applications["Client"].IsPublicClient = true;
        options.Applications["Client"].ClientSecret = "s";
        options.Users["bob"] = new() { ObjectId = TestTenant.AliceObjectId, UserPrincipalName = "ALICE@aspireobo.dev" };

        var failures = Failures(options);

        Assert.Contains(failures, f => f.Contains("already used by application 'Api'"));
        Assert.Contains(failures, f => f.Contains("public client") && f.Contains("cannot have a ClientSecret"));
        Assert.Contains(failures, f => f.Contains("ObjectId") && f.Contains("already used by user 'alice'"));
        Assert.Contains(failures, f => f.Contains("UserPrincipalName") && f.Contains("already used by user 'alice'"));
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_emulator_at_start()
    {
        await using var factory = new EmulatorFactory(overrides: new Dictionary<string, string?>
        {
            ["EntraEmulator:Applications:DevClient:ApiPermissions:Nowhere:0"] = "x",
        });

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("ApiPermissions:Nowhere", Flatten(exception));
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join("\n", aggregate.InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? "\n" + Flatten(inner) : "");
}
