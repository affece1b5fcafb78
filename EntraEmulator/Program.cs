using EntraEmulator.Endpoints;
using EntraEmulator.Graph;
using EntraEmulator.Hosting;
using EntraEmulator.Tokens;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEntraEmulator();

var app = builder.Build();

// Load (or create) the signing key now, so a bad DataDirectory fails the start, not the first request.
app.Services.GetRequiredService<SigningKey>();

app.UseEntraErrors();
app.UseCors();

app.MapDefaultEndpoints();
app.MapDiscoveryEndpoints();
app.MapKeysEndpoints();
app.MapInstanceDiscoveryEndpoint();
app.MapAuthorizeEndpoint();
app.MapLogoutEndpoint();
app.MapTokenEndpoint();
app.MapGraphEndpoints(); // Microsoft Graph's GET /v1.0/me, for FrontApi's second downstream API
if (app.Environment.IsDevelopment())
{
    app.UseEmulatorControlHeader(); // what the endpoints below change, no web page can: see EmulatorControlRequests
    app.MapStatsEndpoint();
    app.MapFaultsEndpoint();
    app.MapCriticalEventsEndpoints(); // revoke sessions, disable or enable a user, change a password
}
app.MapEntraFallback();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
