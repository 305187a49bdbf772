using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.ApiKeys;
using HeadlessCms.Api.Features.Articles;
using HeadlessCms.Api.Features.Audit;
using HeadlessCms.Api.Features.Authors;
using HeadlessCms.Api.Features.Comments;
using HeadlessCms.Api.Features.Health;
using HeadlessCms.Api.Features.Redirects;
using HeadlessCms.Api.Features.Tags;
using Microsoft.AspNetCore.HttpLogging;

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
builder.Services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));
builder.Services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(options => ConfigureJson(options.JsonSerializerOptions));

// Binding failures (malformed JSON, wrong types, wrong content type) throw, so the one exception handler answers them.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemExceptionHandler.Customize);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

builder.Services.AddHttpLogging(options =>
{
    // Method, path, status and duration only: headers (Authorization) and bodies stay out of the logs.
    options.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
        | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
    options.CombineLogs = true;
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<MarkdownRenderer>();
builder.Services.Configure<EditorialOptions>(builder.Configuration.GetSection("Cms"));
builder.Services.Configure<CommentOptions>(builder.Configuration.GetSection(CommentOptions.Section));
builder.Services.AddSingleton<ClientIdentity>();
builder.Services.AddSingleton<SpamRules>();
builder.Services.AddCommentRateLimits();
builder.Services.AddSingleton<ScheduleSignal>();
builder.Services.AddSingleton<ScheduledPublisher>();
if (builder.Configuration.GetValue("Cms:Scheduler:Enabled", true))
{
    builder.Services.AddHostedService(services => services.GetRequiredService<ScheduledPublisher>());
}

builder.Services.AddCmsDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
builder.Services.AddApiKeyAuthentication();
builder.Services.AddCmsHealthChecks();
builder.Services.AddCmsOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseHttpLogging();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseRejectInvalidKeys();
app.UseAuthorization();

// After authentication: staff keys are exempt from the per-client comment limits.
app.UseRateLimiter();

app.UseSwagger();
app.UseSwaggerUI(options => options.DocumentTitle = "HeadlessCms API");
app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
app.MapCmsHealth();

var api = app.MapGroup("/api/v1");
api.MapArticles();
api.MapAuthors();
api.MapTags();
api.MapComments();
api.MapApiKeys();
api.MapRedirects();
api.MapAudit();

// `dotnet HeadlessCms.Api.dll migrate` applies the migrations and exits: for deployments that run
// with Database:MigrateOnStart=false and migrate as a separate step.
if (args is ["migrate", ..])
{
    await DatabaseSetup.MigrateAsync(app.Services);
    return;
}

await DatabaseSetup.InitializeAsync(app.Services, app.Configuration);
await app.RunAsync();

static void ConfigureJson(JsonSerializerOptions options)
{
    options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
    options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
}

public partial class Program;
