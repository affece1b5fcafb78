using DownstreamApi.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTodoApi(); // token validation and scope policies, the Redis store, request validation (Apis/TodoApiExtensions.cs)

var app = builder.Build();

app.UseProtectedWebApi(); // problem details for errors, then authentication, then authorization (ServiceDefaults/Identity)

app.MapDefaultEndpoints();
app.MapTodoApi();

app.Run();

public partial class Program;
