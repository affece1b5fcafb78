using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.OnBehalfOf;

/// <summary>Per-user data behind the OBO hop: isolation between users and durability across a DownstreamApi restart.</summary>
[Collection(SharedSystem.CollectionName)]
public sealed class TodoTests(SharedSystem shared)
{
    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alice_and_bob_at_the_same_time_each_see_only_their_own_todos()
    {
        var aliceToken = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        var bobToken = await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation);
        using var alice = _system.CreateFrontClient(aliceToken);
        using var bob = _system.CreateFrontClient(bobToken);
        var run = Guid.NewGuid().ToString("N");
        var aliceTitles = Enumerable.Range(0, 10).Select(i => $"alice {run} {i}").ToArray();
        var bobTitles = Enumerable.Range(0, 10).Select(i => $"bob {run} {i}").ToArray();

        await Task.WhenAll(aliceTitles.Select(title => CreateAsync(alice, title)).Concat(bobTitles.Select(title => CreateAsync(bob, title))));
        var (aliceSees, bobSees) = (await ListTitlesAsync(alice), await ListTitlesAsync(bob));

        Assert.Superset(aliceTitles.ToHashSet(), aliceSees.ToHashSet());
        Assert.Superset(bobTitles.ToHashSet(), bobSees.ToHashSet());
        Assert.DoesNotContain(aliceSees, title => title.StartsWith("bob ", StringComparison.Ordinal));
        Assert.DoesNotContain(bobSees, title => title.StartsWith("alice ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_users_todo_is_not_found()
    {
        using var alice = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation));
        using var bob = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation));
        var aliceTodo = await CreateAsync(alice, $"private {Guid.NewGuid():N}");

        using var response = await bob.GetAsync($"/api/todos/{aliceTodo.GetProperty("id").GetString()}", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_todo_survives_a_DownstreamApi_restart()
    {
        using var alice = _system.CreateFrontClient(await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation));
        var title = $"durable {Guid.NewGuid():N}";
        var created = await CreateAsync(alice, title);
        var id = created.GetProperty("id").GetString();

        await _system.RestartAsync("downstream", Cancellation);

        using var response = await alice.GetAsync($"/api/todos/{id}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var todo = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(title, todo.GetProperty("title").GetString());
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, string title)
    {
        using var response = await client.PostAsJsonAsync("/api/todos", new { title }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static async Task<string[]> ListTitlesAsync(HttpClient client)
    {
        var todos = await client.GetFromJsonAsync<JsonElement>("/api/todos", Cancellation);
        return todos.EnumerateArray().Select(todo => todo.GetProperty("title").GetString()!).ToArray();
    }
}
