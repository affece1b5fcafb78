using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests;

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
