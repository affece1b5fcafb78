using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.Testing.Chaos;

/// <summary>
/// A steady mixed load of many users, as the chaos test and the soak benchmark run it: each user, in a loop, adds a
/// todo, lists its todos, and every third turn reads <c>/api/profile</c> (DownstreamApi and Graph). A user talks to one
/// FrontApi replica and moves to another when its connection is lost, as a load balancer would send it elsewhere.
/// After <see cref="TodosPerUser"/> todos a user rewrites its own in turn (PUT) instead of adding more, so that a long
/// run's data stays the same size and a soak measures the system, not the data it was given.
/// Every answer is checked for another user's data (titles carry the user's number, profiles its object id).
/// </summary>
public sealed class MixedUserLoad(IReadOnlyList<Uri> replicas, IReadOnlyList<(int Number, AccessToken Token)> users, TimeSpan pause)
{
    public const int TodosPerUser = 20;

    public ClientOutcomes Outcomes { get; } = new();

    /// <summary>Runs every user's loop until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stop) => Task.WhenAll(users.Select((user, index) => Task.Run(() => RunUserAsync(user.Number, user.Token, index, stop), CancellationToken.None)));

    private async Task RunUserAsync(int number, AccessToken token, int index, CancellationToken stop)
    {
        var clients = replicas.Select(address => new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) }).ToArray();
        foreach (var client in clients)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token.Value);
        }

        var replica = index % clients.Length;
        try
        {
            for (var turn = 0; !stop.IsCancellationRequested; turn++)
            {
                var title = $"chaos user {number:D3} turn {turn}";
                var mine = Outcomes.AcknowledgedWrites.GetValueOrDefault(number);
                Guid? rewrite = mine is { Count: >= TodosPerUser } ? mine.ElementAt(turn % mine.Count) : null;
                if (await TryAsync(number, "write", () => WriteAsync(clients[replica], number, title, rewrite), () => replica = (replica + 1) % clients.Length))
                {
                    await TryAsync(number, "read", () => ReadAsync(clients[replica], number), () => replica = (replica + 1) % clients.Length);
                    if (turn % 3 == 0)
                    {
                        await TryAsync(number, "profile", () => ProfileAsync(clients[replica], number, token.ObjectId), () => replica = (replica + 1) % clients.Length);
                    }
                }

                // Every turn, failed or not, is followed by the pause: a user whose write failed does not retry in a tight loop.
                try
                {
                    await Task.Delay(pause, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private async Task<bool> TryAsync(int number, string operation, Func<Task<bool>> call, Action moveToAnotherReplica)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException exception)
        {
            // The replica's process is gone (or going): the answer never came, so nothing was acknowledged.
            Outcomes.Failed(new ClientError(number, operation, "connection lost", null, false, DateTimeOffset.UtcNow, exception.Message));
            moveToAnotherReplica();
            return false;
        }
        catch (TaskCanceledException exception) when (exception.InnerException is TimeoutException)
        {
            Outcomes.Failed(new ClientError(number, operation, "client timeout", null, false, DateTimeOffset.UtcNow, "no answer in 30 s"));
            return false;
        }
    }

    /// <param name="rewrite">A todo of this user's to rewrite, or null to add one.</param>
    private async Task<bool> WriteAsync(HttpClient front, int number, string title, Guid? rewrite)
    {
        using var response = rewrite is { } id
            ? await front.PutAsJsonAsync($"/api/todos/{id}", new { title, isComplete = false })
            : await front.PostAsJsonAsync("/api/todos", new { title });
        if (response.StatusCode != (rewrite is null ? HttpStatusCode.Created : HttpStatusCode.OK))
        {
            await FailedAsync(number, "write", response);
            return false;
        }

        var item = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (item.GetProperty("title").GetString() != title)
        {
            Outcomes.SawForeignData($"user {number} wrote '{title}' and got back '{item.GetProperty("title").GetString()}'");
        }

        if (rewrite is null)
        {
            Outcomes.Acknowledged(number, item.GetProperty("id").GetGuid());
        }

        Outcomes.Succeeded("write");
        return true;
    }

    private async Task<bool> ReadAsync(HttpClient front, int number)
    {
        using var response = await front.GetAsync("/api/todos");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await FailedAsync(number, "read", response);
            return false;
        }

        var mine = $"chaos user {number:D3} ";
        foreach (var item in (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
        {
            if (item.GetProperty("title").GetString() is not { } title || !title.StartsWith(mine, StringComparison.Ordinal))
            {
                Outcomes.SawForeignData($"user {number}'s list held '{item.GetProperty("title").GetString()}'");
            }
        }

        Outcomes.Succeeded("read");
        return true;
    }

    private async Task<bool> ProfileAsync(HttpClient front, int number, string objectId)
    {
        using var response = await front.GetAsync("/api/profile");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await FailedAsync(number, "profile", response);
            return false;
        }

        var profile = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var part in new[] { "downstream", "graph" })
        {
            if (profile.TryGetProperty(part, out var value) && value.ValueKind == JsonValueKind.Object
                && value.TryGetProperty(part == "graph" ? "id" : "oid", out var id) && id.GetString() != objectId)
            {
                Outcomes.SawForeignData($"user {number}'s profile ({part}) was of {id.GetString()}");
            }
        }

        if (profile.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var error in errors.EnumerateObject())
            {
                var status = error.Value.TryGetProperty("status", out var s) ? s.GetInt32() : 0;
                Outcomes.Failed(new ClientError(number, $"profile part {error.Name}", $"part {status}", (HttpStatusCode)status,
                    error.Value.TryGetProperty("retryAfterSeconds", out var retry) && retry.ValueKind == JsonValueKind.Number,
                    DateTimeOffset.UtcNow, error.Value.ToString()));
            }

            return true;
        }

        Outcomes.Succeeded("profile");
        return true;
    }

    private async Task FailedAsync(int number, string operation, HttpResponseMessage response) =>
        Outcomes.Failed(new ClientError(number, operation, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), response.StatusCode,
            response.Headers.RetryAfter is not null, DateTimeOffset.UtcNow, await response.Content.ReadAsStringAsync()));
}
