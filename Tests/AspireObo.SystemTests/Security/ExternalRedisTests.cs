using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AspireObo.AppHost;
using StackExchange.Redis;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// <c>Redis:Mode=external</c>: an operator's server whose users are created with the ACL commands of docs/security.md,
/// and one connection string per service. The whole chain works through those users: FrontApi writes its token cache
/// and key ring, DownstreamApi its todos, each under its own user.
/// </summary>
public sealed class ExternalRedisTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_chain_runs_on_an_external_Redis_with_one_user_per_service()
    {
        var port = LoopbackPorts.Free();
        var adminPassword = NewPassword();
        var passwords = new Dictionary<string, string> { ["front"] = NewPassword(), ["downstream"] = NewPassword() };
        using var server = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", adminPassword])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start (scripts/ensure-prerequisites.sh installs it).");
        server.OutputDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        try
        {
            var admin = $"127.0.0.1:{port},password={adminPassword}";
            await CreateUsersAsDocumentedAsync(admin, passwords);

            await using var system = await RunningSystem.StartAsync(new SystemOptions
            {
                AppHostArguments =
                [
                    "--Redis:Mode=external",
                    $"--ConnectionStrings:cache-front=127.0.0.1:{port},user=front,password={passwords["front"]}",
                    $"--ConnectionStrings:cache-downstream=127.0.0.1:{port},user=downstream,password={passwords["downstream"]}",
                ],
            }, Cancellation);

            var alice = await system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
            using var client = system.CreateFrontClient(alice);
            using var created = await client.PostAsync("/api/todos",
                new StringContent("""{"title":"external"}""", Encoding.UTF8, "application/json"), Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            await using var redis = await ConnectionMultiplexer.ConnectAsync(admin);
            var keys = new List<string>();
            await foreach (var key in redis.GetServers().Single().KeysAsync(pattern: "*"))
            {
                keys.Add(key.ToString());
            }

            Assert.Contains(keys, key => key.StartsWith("AspireObo:FrontApi:TokenCache:", StringComparison.Ordinal));
            Assert.Contains("AspireObo:FrontApi:DataProtection-Keys", keys);
            Assert.Contains($"todos:{alice.Claim("tid")}:{alice.ObjectId}", keys);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync(Cancellation);
        }
    }

    /// <summary>The two ACL SETUSER commands of docs/security.md, sent as an operator would.</summary>
    private static async Task CreateUsersAsDocumentedAsync(string admin, Dictionary<string, string> passwords)
    {
        await using var connection = await ConnectWhenReadyAsync(admin);
        Assert.Equal("+OK", await connection.AuthenticateAsync(admin, Cancellation));
        foreach (var (user, keys) in new[] { ("front", "~AspireObo:FrontApi:*"), ("downstream", "~todos:*") })
        {
            Assert.Equal("+OK", await connection.SendAsync(Cancellation,
                ["ACL", "SETUSER", user, "on", $">{passwords[user]}", "resetchannels", "&__Booksleeve_MasterChanged", keys, "+@all", "-@dangerous", "-scan", "-randomkey"]));
        }
    }

    private static async Task<RespConnection> ConnectWhenReadyAsync(string connectionString)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await RespConnection.OpenAsync(connectionString, Cancellation);
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50, Cancellation);
            }
        }
    }

    private static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

}
