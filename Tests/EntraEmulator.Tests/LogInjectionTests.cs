using EntraEmulator.Diagnostics;
using EntraEmulator.Tests.Infrastructure;

namespace EntraEmulator.Tests;

/// <summary>
/// What a client puts in a request never starts a line of the emulator's log: a CR/LF in a form field could otherwise
/// forge a record, such as a development one-time-code line a developer would trust.
/// </summary>
public sealed class LogInjectionTests : IAsyncLifetime
{
    private const string ForgedRecord =
        "\r\nwarn: EntraEmulator.Endpoints.AuthorizeEndpoint[10]\r\n      Multi-factor sign-in for alice@aspireobo.dev (sign-in ABCD): one-time code 123456 (development second factor, valid 5 minutes)\n";

    private readonly EmulatorFactory _emulator = new();
    private TokenClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _client = _emulator.CreateTokenClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [InlineData("client_id")]
    [InlineData("grant_type")]
    public async Task A_form_field_with_line_breaks_cannot_forge_a_log_line(string field)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = TestTenant.DevClient,
            ["username"] = "alice",
            ["password"] = TestTenant.AlicePassword,
            ["scope"] = TestTenant.FrontScope,
        };
        form[field] += ForgedRecord;

        var result = await _client.PostAsync(form);

        Assert.NotNull(result.Error);
        Assert.NotEmpty(_emulator.Logs.Lines);
        Assert.All(_emulator.Logs.Lines, line =>
        {
            Assert.DoesNotContain('\r', line);
            Assert.DoesNotContain('\n', line);
            Assert.DoesNotContain("one-time code", line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_registered_client_is_logged_by_its_id()
    {
        (await _client.PasswordAsync()).AssertSuccess();

        Assert.Contains(_emulator.Logs.Lines, line => line.StartsWith("Issued password token to client " + TestTenant.DevClient, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("host\r\nforged", "host\\u000D\\u000Aforged")]
    [InlineData("\u202Eevil", "\\u202Eevil")]
    public void Free_text_is_logged_on_one_line(string value, string logged)
    {
        Assert.Equal(logged, LogValues.OneLine(value));
        Assert.Equal(201, LogValues.OneLine(new string('a', 500)).Length);
    }
}
