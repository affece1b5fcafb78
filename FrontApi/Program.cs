using FrontApi.ApiReference;
using FrontApi.Apis;
using FrontApi.Downstream;
using FrontApi.Failures;
using FrontApi.Graph;
using FrontApi.Hardening;
using FrontApi.Jobs;
using FrontApi.OnBehalfOf;
using FrontApi.TokenCache;
using Microsoft.Identity.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

// The On-Behalf-Of chain as Microsoft.Identity.Web documents it: validate the caller's token (the AzureAd section), get
// tokens for downstream APIs on the user's behalf (IAuthorizationHeaderProvider), cache them in the distributed cache.
builder.AddProtectedWebApi() // AddMicrosoftIdentityWebApi with both APIs' validation defaults (ServiceDefaults/Identity)
    .EnableTokenAcquisitionToCallDownstreamApi()
    .AddDistributedTokenCaches();
builder.AddAccessAsUserPolicy(); // OnBehalfOf/
builder.AddRedisTokenCache(); // TokenCache/: Redis as the shared, encrypted L2
builder.AddTokenCacheBypassForBenchmarks(); // off unless Benchmarks:BypassTokenCache=true (docs/benchmarks.md)

// What a production middle tier adds around Identity.Web (header memo, single flight, bounded wait, Retry-After per
// application): one decorator of IAuthorizationHeaderProvider. Without this line, every token comes from Identity.Web.
builder.AddTokenAcquisitionHardening(); // Hardening/
builder.AddDownstreamApiClient();
builder.AddGraphClient();
builder.AddFailureProblemDetails(); // one meaning per failure, for requests, profile parts and jobs (Failures/)
builder.AddDigestJobs();
builder.AddApiReference();
builder.Services.AddValidation(); // here, not in ServiceDefaults: its source generator finds this project's request types

var app = builder.Build();

app.UseProtectedWebApi(); // problem details for errors, then authentication, then authorization (ServiceDefaults/Identity)

app.MapDefaultEndpoints();
app.MapMeApi();
app.MapProfileApi();
app.MapJobsApi();
app.MapTodosApi();
app.MapApiReference();
app.MapTokenCacheClearingForDevelopment(); // Development + the AppHost's admin key only

app.Run();

public partial class Program;
