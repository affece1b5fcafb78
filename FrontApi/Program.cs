using FrontApi.ApiReference;
using FrontApi.Apis;
using FrontApi.Downstream;
using FrontApi.Failures;
using FrontApi.Graph;
using FrontApi.Jobs;
using FrontApi.OnBehalfOf;
using FrontApi.TokenCache;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOnBehalfOfAuthentication();
builder.AddRedisTokenCache();
builder.AddTokenCacheBypassForBenchmarks(); // off unless Benchmarks:BypassTokenCache=true (docs/benchmarks.md)
builder.AddDownstreamApiClient();
builder.AddGraphClient();
builder.AddFailureProblemDetails(); // one meaning per failure, for requests, profile parts and jobs (Failures/)
builder.AddDigestJobs();
builder.AddApiReference();
builder.Services.AddValidation(); // here, not in ServiceDefaults: its source generator finds this project's request types

var app = builder.Build();

app.UseProblemDetailsErrors();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapMeApi();
app.MapProfileApi();
app.MapJobsApi();
app.MapTodosApi();
app.MapApiReference();
app.MapTokenCacheClearingForDevelopment(); // Development + the AppHost's admin key only

app.Run();

public partial class Program;
