using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddEntraEmulatorTrust();
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddMicrosoftIdentityWebApi(builder.Configuration);
builder.Services.AddAuthorizationBuilder().AddPolicy("Greeting.Read", policy => policy.RequireScope("Greeting.Read"));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

// Reached only with a token for GreetingApi: here, the one HelloApi got On-Behalf-Of the user (azp = HelloApi).
app.MapGet("/greeting", (ClaimsPrincipal user) => new
{
    greeting = $"Hello, {user.FindFirstValue("name")}!",
    oid = user.GetObjectId(),
    azp = user.FindFirstValue("azp"),
}).RequireAuthorization("Greeting.Read");

app.Run();
