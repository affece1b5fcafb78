using DownstreamApi.Apis;
using DownstreamApi.Authorization;
using DownstreamApi.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTodoAuthorization();
builder.AddTodoStore();
builder.Services.AddValidation(); // here, not in ServiceDefaults: its source generator finds this project's request types

var app = builder.Build();

app.UseProtectedWebApi(); // problem details for errors, then authentication, then authorization (ServiceDefaults/Identity)

app.MapDefaultEndpoints();
app.MapMeApi();
app.MapTodosApi();

app.Run();

public partial class Program;
