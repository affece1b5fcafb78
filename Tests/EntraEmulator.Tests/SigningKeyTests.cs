using EntraEmulator.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EntraEmulator.Tests;

public sealed class SigningKeyTests
{
    [Fact]
    public async Task Key_survives_a_restart_so_earlier_tokens_stay_valid()
    {
        var directory = Path.Combine(Path.GetTempPath(), "entra-emulator-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string token;
            await using (var first = new EmulatorFactory(directory))
            {
                token = await first.CreateTokenClient().UserTokenForFrontApiAsync();
            }

            await using var second = new EmulatorFactory(directory);
            var client = second.CreateTokenClient();

            var validated = await client.ValidateAsync(token, TestTenant.FrontApi);
            Assert.Equal(new JsonWebToken(await client.UserTokenForFrontApiAsync()).Kid, validated.Kid);
            // The restarted emulator also accepts the earlier token as an OBO assertion.
            (await client.OnBehalfOfAsync(token)).AssertSuccess();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Key_file_is_private_to_its_owner()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only");
        await using var factory = new EmulatorFactory();
        await factory.CreateTokenClient().UserTokenForFrontApiAsync();

        var mode = File.GetUnixFileMode(Path.Combine(factory.DataDirectory, "signing-key.pem"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task Separate_data_directories_have_separate_keys()
    {
        await using var a = new EmulatorFactory();
        await using var b = new EmulatorFactory();

        var tokenA = await a.CreateTokenClient().UserTokenForFrontApiAsync();
        var tokenB = await b.CreateTokenClient().UserTokenForFrontApiAsync();

        Assert.NotEqual(new JsonWebToken(tokenA).Kid, new JsonWebToken(tokenB).Kid);
        // A token from another emulator is an assertion signed by an unknown key.
        (await b.CreateTokenClient().OnBehalfOfAsync(tokenA)).AssertError(System.Net.HttpStatusCode.BadRequest, "invalid_grant", 50013);
    }
}
