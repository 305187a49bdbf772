using FluentValidation;
using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Common.Caching;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.ApiKeys;
using HeadlessCms.Api.Features.Articles;
using HeadlessCms.Api.Features.Audit;
using HeadlessCms.Api.Features.Authors;
using HeadlessCms.Api.Features.Comments;
using HeadlessCms.Api.Features.Feeds;
using HeadlessCms.Api.Features.Health;
using HeadlessCms.Api.Features.Newsletter;
using HeadlessCms.Api.Features.Imports;
using HeadlessCms.Api.Features.Redirects;
using HeadlessCms.Api.Features.Syndication;
using HeadlessCms.Api.Features.Search;
using HeadlessCms.Api.Features.Tags;
using HeadlessCms.Api.Features.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes;

    // "Server: Kestrel" tells a scanner what to try; nothing needs it.
    kestrel.AddServerHeader = false;
});
builder.Services.ConfigureHttpJsonOptions(options => JsonSetup.Configure(options.SerializerOptions));
builder.Services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(options => JsonSetup.Configure(options.JsonSerializerOptions));

// Binding failures (malformed JSON, wrong types, wrong content type) throw, so the one exception handler answers them.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemExceptionHandler.Customize);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<PublicUrls>();
builder.Services.AddSingleton<MarkdownRenderer>();
builder.Services.AddContentCaching(builder.Configuration);
builder.Services.AddSingleton<IContentChangeObserver, ArticleReadModel>();
builder.Services.AddWebhooks();
builder.Services.AddSync(builder.Configuration);
builder.Services.AddResponseCompression(options =>
{
    options.EnableForHttps = true;
    options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
    options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
    options.MimeTypes = ["application/json", "application/problem+json", "application/rss+xml", "application/atom+xml", "application/feed+json"];
});
builder.Services.Configure<EditorialOptions>(builder.Configuration.GetSection("Cms"));
builder.Services.Configure<CommentOptions>(builder.Configuration.GetSection(CommentOptions.Section));
builder.Services.AddSingleton<ClientIdentity>();
builder.Services.AddSingleton<SpamRules>();
builder.Services.AddNewsletter(builder.Configuration);
builder.Services.AddFeeds(builder.Configuration);
builder.Services.AddSearch(builder.Configuration);
builder.Services.AddBackgroundJob<PublishScheduledArticleHandler>(PublishScheduledArticle.Kind);

builder.Services.AddCmsDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
builder.Services.AddApiKeyAuthentication();
builder.Services.AddRateLimitStore();
builder.Services.AddKeyQuotas(builder.Configuration);
builder.Services.AddKeyGuessingThrottle(builder.Configuration);
builder.Services.AddTrustedProxies(builder.Configuration);
builder.Services.AddCmsHealthChecks();
builder.Services.AddCmsOpenApi();
builder.Services.AddCmsCors(builder.Configuration);
builder.Services.AddImports(builder.Configuration);

var app = builder.Build();

// A malformed Cms:PublicBaseUrl stops the start with a message naming the setting, not a failure on the first list.
_ = app.Services.GetRequiredService<PublicUrls>();
BootstrapKey.Check(app.Configuration);

// First: everything after it (logging, limits, client identity) sees the client's address, not a trusted proxy's.
app.UseTrustedProxies(app.Configuration);

// Outermost, so it logs the status the client received (after the exception handler and the rate limiter set it).
app.UseRequestLogging();
app.UseSecurityHeaders();
app.UseHeadAsGet();   // HEAD runs as the GET it mirrors: before routing, which is therefore explicit
app.UseRouting();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCors();
app.UseInputGuard();
app.UseRequestBodyLimit();
app.UseEtagsPerCoding();   // a compressed body is another representation with its own strong ETag
app.UseResponseCompression();
ContentCache.UseCacheHeaders(app);

// Before authentication: the cache only ever answers requests that carry no Authorization header (see
// AnonymousContentPolicy), so a hit skips the key machinery, and anything with a key goes on to be checked.
app.UseBoundedResponseBuffers();
app.UseOutputCache();
app.UseKeyGuessingThrottle();
app.UseAuthentication();
app.UseRejectInvalidKeys();
app.UseKeyQuotas();
app.UseAuthorization();

// After authentication: staff keys are exempt from the reader limits.
app.UseReaderLimits();

app.UseSwagger();
if (app.Configuration.GetValue("Cms:Swagger:Enabled", true))
{
    app.UseSwaggerUI(options => options.DocumentTitle = "HeadlessCms API");
    app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
}
app.MapCmsHealth();

var api = app.MapGroup("/api/v1");
api.MapArticles();
api.MapSearch();
api.MapAuthors();
api.MapTags();
api.MapComments();
api.MapNewsletter();
api.MapApiKeys();
api.MapRedirects();
api.MapAudit();
api.MapImports();
api.MapFeeds();
api.MapWebhooks();
api.MapSyndication();

// `dotnet HeadlessCms.Api.dll migrate` applies the migrations and exits: for deployments that run
// with Database:MigrateOnStart=false and migrate as a separate step.
if (args is ["migrate", ..])
{
    await DatabaseSetup.MigrateAsync(app.Services);
    return;
}

// `dotnet HeadlessCms.Api.dll rebuild-read-model` rebuilds the published articles' documents and the search index, after an import
// or a restore that wrote rows without going through the API.
if (args is ["rebuild-read-model", ..])
{
    await using var scope = app.Services.CreateAsyncScope();
    await ReadModel.RebuildAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>(), CancellationToken.None);
    Console.WriteLine("The read model and the search index were rebuilt.");
    return;
}

await DatabaseSetup.InitializeAsync(app.Services, app.Configuration);
await app.RunAsync();

public partial class Program;
