using System.Security.Claims;
using HeadlessCms.Api.Common.OpenApi;
using HeadlessCms.Api.Common.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HeadlessCms.Api.Features.Imports;

public static class ImportsEndpoints
{
    public static IServiceCollection AddImports(this IServiceCollection services) => services.AddScoped<ArticleImporter>();

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
    }

    /// <summary>The body as bytes; the request size limit applies as it does to every body (413).</summary>
    internal static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
