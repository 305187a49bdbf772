using System.Security.Claims;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Imports;

public static class ImportsEndpoints
{
    public static IServiceCollection AddImports(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ImportOptions>(configuration.GetSection(ImportOptions.Section));
        return services.AddScoped<ArticleImporter>();
    }

    public static void MapImports(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/imports").WithTags("Imports");

        imports.MapPost("/", async Task<Results<Created<ImportResult>, Ok<ImportResult>>> (
                ISender sender, HttpRequest request, ClaimsPrincipal user, bool? dryRun, string? author, CancellationToken ct) =>
            {
                var (format, charset) = ImportFormats.FromContentType(request.ContentType);
                var body = await ReadBodyAsync(request, ct);
                var result = await sender.Send(
                    new ImportDocument(format, charset, body, dryRun ?? false, string.IsNullOrWhiteSpace(author) ? null : author)
                    {
                        Caller = Caller.From(user),
                    },
                    ct);
                return result.Article is { } article
                    ? TypedResults.Created($"/api/v1/articles/{article.Id}", result)
                    : TypedResults.Ok(result);
            })
            .WithName("ImportDocument")
            .WithSummary("Import one document (Markdown, HTML, ninjs JSON or a plain-text page capture) as a draft article")
            .WithDescription("The format follows the Content-Type. Mojibake (UTF-8 read as Windows-874, Windows-1252 or Latin-1) is " +
                "repaired; the report lists every repair with its position, what was detected and what was dropped. An import " +
                "creates a draft, never a published article. dryRun=true answers 200 with the report and the draft it would " +
                "create, creating nothing. author names the author (name, slug or id) when the document has no byline.")
            .WithMetadata(new RawBodyMetadata(
                "The document: text/markdown, text/html, text/plain (a page capture) or application/json (IPTC ninjs). " +
                "Without a charset parameter the body must be UTF-8.",
                ImportFormats.MediaTypes))
            .RequireRole(Policies.Editor)
            .ProducesErrors(400, 413, 415);

        imports.MapPost("/batch", async Task<Ok<ImportBatchResult>> (
                ISender sender, HttpRequest request, HttpResponse response, ClaimsPrincipal user, bool? dryRun, CancellationToken ct) =>
            {
                if (!IsNdjson(request.ContentType))
                {
                    throw new UnsupportedImportException(
                        $"Content-Type '{request.ContentType}' is not a batch: send '{Ndjson}', one JSON object per line.");
                }

                var key = Idempotency.KeyFrom(request);
                var answer = await sender.Send(
                    new ImportBatch(await ReadBodyAsync(request, ct), dryRun ?? false, key) { Caller = Caller.From(user) }, ct);
                if (answer.Replayed)
                {
                    response.Headers[Idempotency.ReplayedHeader] = "true";
                }

                return TypedResults.Ok(answer.Result);
            })
            .WithName("ImportBatch")
            .WithSummary("Import many documents at once from NDJSON, each line with its own format")
            .WithDescription("One JSON object per line: {\"contentType\": \"text/markdown\", \"document\": \"...\", \"author\": \"...\"} " +
                "(contentType is any type the single import takes; document is the document as a JSON string, or for ninjs also a " +
                "JSON object; author is optional). Up to Cms:Imports:MaxBatch documents (500 by default) and Cms:Imports:MaxBatchBytes " +
                "(32 MiB by default). Good lines are imported and bad ones reported with their line number and the problem the " +
                "single import would have answered; the whole batch commits at once. With an Idempotency-Key header a retry of " +
                "the same batch answers the stored result (with Idempotent-Replayed: true) and creates nothing twice; the same key " +
                "with a different batch is a 422.")
            .WithMetadata(new RawBodyMetadata("NDJSON: one import document per line.", Ndjson, "application/jsonl"))
            .WithMetadata(new RequestHeaderMetadata(Idempotency.Header,
                "Makes a retried batch safe: the same key and batch answer the stored result and create nothing twice (kept Cms:Imports:IdempotencyRetention, 24 h by default)."))
            .WithMetadata(new RequestBodyLimit(services => services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxBatchBytes))
            .RequireRole(Policies.Editor)
            .ProducesErrors(400, 413, 415, 422);
    }

    public const string Ndjson = "application/x-ndjson";

    private static bool IsNdjson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed) &&
        (parsed.MediaType.Equals(Ndjson, StringComparison.OrdinalIgnoreCase) ||
         parsed.MediaType.Equals("application/jsonl", StringComparison.OrdinalIgnoreCase)) &&
        (!parsed.Charset.HasValue || parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body as bytes; the request size limit applies as it does to every body (413).</summary>
    internal static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
