using FrontApi.Apis;
using FrontApi.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOboAuthentication();
builder.AddRedisTokenCache();
builder.AddTokenCacheBypassForBenchmarks(); // off unless Benchmarks:BypassTokenCache=true (docs/benchmarks.md)
builder.AddTodoApiClient();
builder.AddApiReference();
builder.Services.AddValidation(); // here, not in ServiceDefaults: its source generator finds this project's request types

var app = builder.Build();

app.UseProblemDetailsErrors();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapMeApi();
app.MapTodosApi();
app.MapApiReference();

app.Run();

public partial class Program;
