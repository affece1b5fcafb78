using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Abstractions;
using Microsoft.Identity.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddEntraEmulatorTrust();
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddMicrosoftIdentityWebApi(builder.Configuration)
    .EnableTokenAcquisitionToCallDownstreamApi()
    .AddInMemoryTokenCaches();
builder.Services.AddAuthorizationBuilder().AddPolicy("access_as_user", policy => policy.RequireScope("access_as_user"));

// GreetingApi's address (WithReference(greeting)) and scopes (DownstreamApis:GreetingApi, from the identity integration).
var greetingScopes = builder.Configuration.GetSection("DownstreamApis:GreetingApi:Scopes").Get<string[]>() ?? [];
builder.Services.AddHttpClient("greeting", client => client.BaseAddress = new Uri(builder.Configuration["services:greeting:http:0"]!));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

// The On-Behalf-Of hop: the caller's token is exchanged for one for GreetingApi (cached per user by MSAL).
app.MapGet("/hello", async (IAuthorizationHeaderProvider tokens, IHttpClientFactory clients, CancellationToken cancellationToken) =>
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/greeting");
    request.Headers.TryAddWithoutValidation("Authorization",
        await tokens.CreateAuthorizationHeaderForUserAsync(greetingScopes, cancellationToken: cancellationToken));
    using var response = await clients.CreateClient("greeting").SendAsync(request, cancellationToken);
    return Results.Content(await response.Content.ReadAsStringAsync(cancellationToken), "application/json", statusCode: (int)response.StatusCode);
}).RequireAuthorization("access_as_user");

app.Run();
