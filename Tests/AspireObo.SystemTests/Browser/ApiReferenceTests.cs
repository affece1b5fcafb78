using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.Browser;

/// <summary>FrontApi's OpenAPI document and the dashboard link to its interactive page, as the AppHost wires them.</summary>
[Collection(SharedSystem.CollectionName)]
public sealed class ApiReferenceTests(SharedSystem shared)
{
    private RunningSystem System => shared.System;

    [Fact]
    public async Task OpenAPI_document_describes_the_code_flow_against_the_emulator()
    {
        using var front = System.CreateFrontClient();
        var document = await front.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2");
        Assert.Equal("oauth2", scheme.GetProperty("type").GetString());
        var flow = scheme.GetProperty("flows").GetProperty("authorizationCode");
        var emulator = System.App.GetEndpoint("identity", "https").ToString().TrimEnd('/');
        Assert.Equal($"{emulator}/{DevTenant.TenantId}/oauth2/v2.0/authorize", flow.GetProperty("authorizationUrl").GetString());
        Assert.Equal($"{emulator}/{DevTenant.TenantId}/oauth2/v2.0/token", flow.GetProperty("tokenUrl").GetString());
        Assert.True(flow.GetProperty("scopes").TryGetProperty(DevTenant.FrontApiScope, out _));
        Assert.Equal([DevTenant.FrontApiScope],
            document.GetProperty("security")[0].GetProperty("oauth2").EnumerateArray().Select(scope => scope.GetString()));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/me", out _));

        // The page's "Metadata URL" is the authority's discovery document, not a placeholder.
        Assert.Equal($"{emulator}/{DevTenant.TenantId}/v2.0/.well-known/openid-configuration", scheme.GetProperty("oauth2MetadataUrl").GetString());
    }

    [Fact]
    public async Task Every_operation_is_grouped_by_tag_and_described_and_no_development_endpoint_is_listed()
    {
        using var front = System.CreateFrontClient();
        var document = await front.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths").EnumerateObject().ToList();
        Assert.DoesNotContain(paths, path => path.Name.StartsWith("/_dev", StringComparison.Ordinal));
        var operations = paths.SelectMany(path => path.Value.EnumerateObject().Select(operation => (Name: $"{operation.Name} {path.Name}", operation.Value))).ToList();
        Assert.Contains(operations, operation => operation.Name == "get /api/me");
        Assert.All(operations, operation =>
        {
            Assert.True(operation.Value.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0, $"{operation.Name} has no tag");
            Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), $"{operation.Name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("description").GetString()), $"{operation.Name} has no description");
        });
    }

    [Fact]
    public async Task Dashboard_links_the_API_page_on_the_front_resource()
    {
        var expected = new Uri(System.App.GetEndpoint("front", "http"), "/scalar/").ToString();

        // The snapshots replay the current state first; a link that never shows up ends in a timeout.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        await foreach (var update in System.App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (update.Resource.Name == "front" && update.Snapshot.Urls.Any(url => url.Url == expected))
            {
                return;
            }
        }
    }
}
