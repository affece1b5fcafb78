using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// A todo title is one line of text (docs/security.md): control characters — NUL, ESC sequences that would drive a
/// terminal printing the title, line breaks, tab, DEL, C1 —, Unicode's line and paragraph separators, and
/// bidirectional overrides, isolates and marks get a 400 problem naming the field, from FrontApi (before any token
/// exchange) and from DownstreamApi alike; ordinary Unicode text is kept as sent.
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed class TodoTitleTests(SharedSystem shared)
{
    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> RefusedTitles => new()
    {
        { "front", "nul\0byte" },
        { "front", "\u001b[2J\u001b[31mred alert" },
        { "front", "two\nlines" },
        { "front", "carriage\rreturn" },
        { "front", "tab\tinside" },
        { "front", "delete\u007f" },
        { "front", "c1\u009bcontrol" },
        { "front", "bidi \u202Eevil.exe" },
        { "front", "line\u2028separator" },
        { "front", "paragraph\u2029separator" },
        { "front", "left-to-right\u200Emark" },
        { "front", "right-to-left\u200Fmark" },
        { "front", "arabic letter\u061Cmark" },
        { "downstream", "nul\0byte" },
        { "downstream", "\u001b]0;title\u0007bell" },
        { "downstream", "two\nlines" },
        { "downstream", "bidi isolate \u2066x\u2069" },
        { "downstream", "line\u2028separator" },
        { "downstream", "paragraph\u2029separator" },
        { "downstream", "left-to-right\u200Emark" },
        { "downstream", "right-to-left\u200Fmark" },
        { "downstream", "arabic letter\u061Cmark" },
    };

    public static TheoryData<string, string> AcceptedTitles => new()
    {
        { "front", "Buy milk, eggs & bread (2×)" },
        { "front", "Crème brûlée 🍮 for 👩‍👩‍👧" },
        { "downstream", "  leading and trailing spaces  " },
        { "downstream", "日本語のタイトル" },
    };

    [Theory]
    [MemberData(nameof(RefusedTitles))]
    public async Task A_title_with_control_characters_is_a_400_naming_the_field(string api, string title)
    {
        using var client = await ClientAsync(api);

        foreach (var (method, path) in await WritesAsync(client, api))
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { title, isComplete = false }) };
            using var response = await client.SendAsync(request, Cancellation);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
            var errors = problem.RootElement.GetProperty("errors");
            var titleErrors = errors.EnumerateObject().Single(field => field.Name.Equals("Title", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(titleErrors.Value.EnumerateArray(), message => message.GetString()!.Contains("control characters", StringComparison.Ordinal));
        }

        using var list = await client.GetAsync(TodosPath(api), Cancellation);
        Assert.DoesNotContain(await list.Content.ReadFromJsonAsync<JsonElement[]>(Cancellation) ?? [],
            todo => todo.GetProperty("title").GetString() == title);
    }

    [Theory]
    [MemberData(nameof(AcceptedTitles))]
    public async Task Ordinary_text_is_accepted_as_sent(string api, string title)
    {
        using var client = await ClientAsync(api);

        using var response = await client.PostAsJsonAsync(TodosPath(api), new { title }, Cancellation);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var todo = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(title, todo.GetProperty("title").GetString());
    }

    private static string TodosPath(string api) => api == "front" ? "/api/todos" : "/todos";

    /// <summary>A create, and an update of a todo that exists (so a 400 cannot be a 404 in disguise).</summary>
    private async Task<(HttpMethod, string)[]> WritesAsync(HttpClient client, string api)
    {
        using var created = await client.PostAsJsonAsync(TodosPath(api), new { title = "to be renamed" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString();
        return [(HttpMethod.Post, TodosPath(api)), (HttpMethod.Put, $"{TodosPath(api)}/{id}")];
    }

    private async Task<HttpClient> ClientAsync(string api)
    {
        if (api == "front")
        {
            return _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation));
        }

        // DownstreamApi only accepts FrontApi's On-Behalf-Of tokens: one signed with the emulator's real key.
        var alice = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var forge = new TokenForge(_system.EmulatorSigningKeyPath, alice);
        var claims = forge.UserClaims(DevTenant.DownstreamApiClientId, "Todo.Read Todo.ReadWrite", azp: DevTenant.FrontApiClientId);
        return _system.CreateDownstreamClient(forge.Trusted(claims));
    }
}
