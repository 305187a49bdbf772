using System.Text.Json;
using System.Text.Json.Serialization;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Imports;

/// <summary>
/// Imports an NDJSON batch: one document per line, each with its own content type. Good lines are imported, bad ones are
/// reported with their line number; all of it commits in one transaction (each line in a savepoint of its own), so a
/// batch never half-lands. With an Idempotency-Key the answer commits in that transaction too: a retried batch gets the
/// same answer and creates nothing twice.
/// </summary>
public sealed record ImportBatch(byte[] Body, bool DryRun, string? IdempotencyKey) : ICommand<ImportBatchAnswer>
{
    [JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;
}

/// <summary>The batch's results, and whether they are a stored answer to an earlier request with the same key.</summary>
public sealed record ImportBatchAnswer(ImportBatchResult Result, bool Replayed);

public sealed record ImportBatchResult(bool DryRun, int Imported, int Failed, IReadOnlyList<ImportBatchItem> Items);

/// <summary>One line's outcome: status 201 (created), 200 (dry run) or the 4xx the single import would have answered.</summary>
public sealed record ImportBatchItem(int Line, int Status, ImportResult? Result, ImportBatchError? Error);

/// <summary>Why a line was not imported, as the problem the single import would have answered.</summary>
public sealed record ImportBatchError(string Title, string Detail, IDictionary<string, string[]>? Errors);

/// <summary>A line of the batch: the document (a string, or for ninjs also a JSON object), its content type, and an optional author.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record ImportBatchLine(string? ContentType, JsonElement Document, string? Author);

internal sealed class ImportBatchHandler(CmsDbContext db, ArticleImporter importer, IOptions<ImportOptions> options, TimeProvider clock)
    : ICommandHandler<ImportBatch, ImportBatchAnswer>
{
    public async ValueTask<ImportBatchAnswer> Handle(ImportBatch command, CancellationToken ct)
    {
        var lines = SplitLines(command.Body);
        if (lines.Count == 0)
        {
            throw ValidationRules.Field("batch", "The batch is empty: send one JSON object per line ({\"contentType\":\"text/markdown\",\"document\":\"...\"}).");
        }

        if (lines.Count > options.Value.MaxBatch)
        {
            throw ValidationRules.Field("batch", $"The batch has {lines.Count} documents; at most {options.Value.MaxBatch} are taken at once. Split it.");
        }

        // A dry run changes nothing, so it needs no key and stores no answer.
        var key = command.DryRun ? null : command.IdempotencyKey;
        var owner = Idempotency.Owner(command.Caller);
        var hash = Idempotency.Hash("POST /imports/batch", command.Body);
        if (key is not null && await Idempotency.FindAsync(db, owner, key, hash, ct) is { } earlier)
        {
            return Replay(earlier);
        }

        await using var transaction = command.DryRun ? null : await db.Database.BeginTransactionAsync(ct);
        var items = new List<ImportBatchItem>(lines.Count);
        foreach (var (number, text) in lines)
        {
            items.Add(await ImportLineAsync(number, text, command, transaction, ct));
        }

        var result = new ImportBatchResult(command.DryRun, items.Count(i => i.Error is null), items.Count(i => i.Error is not null), items);
        if (transaction is null)
        {
            return new ImportBatchAnswer(result, Replayed: false);
        }

        if (key is not null)
        {
            await Idempotency.PurgeAsync(db, options.Value.IdempotencyRetention, clock, ct);
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Owner = owner,
                Key = key,
                RequestHash = hash,
                Status = StatusCodes.Status200OK,
                Response = JsonSerializer.Serialize(result, JsonSetup.Input),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (UniqueViolation.IsUniqueViolation(e))
            {
                // The same batch, sent twice at once: the other request committed first. Nothing of this one lands.
                await transaction.RollbackAsync(ct);
                return Replay(await Idempotency.FindAsync(db, owner, key, hash, ct) ?? throw new ConflictException(
                    $"Another request with this {Idempotency.Header} is being processed; retry it in a moment."));
            }
        }

        await transaction.CommitAsync(ct);
        await db.CommittedAsync();
        return new ImportBatchAnswer(result, Replayed: false);
    }

    private async Task<ImportBatchItem> ImportLineAsync(
        int number, string text, ImportBatch command, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? transaction, CancellationToken ct)
    {
        var savepoint = $"line{number}";
        if (transaction is not null)
        {
            await transaction.CreateSavepointAsync(savepoint, ct);
        }

        try
        {
            var line = ParseLine(text);
            var (format, _) = ImportFormats.FromContentType(line.ContentType);
            var document = line.Document.ValueKind == JsonValueKind.String ? line.Document.GetString()! : line.Document.GetRawText();
            if (line.Document.ValueKind is not JsonValueKind.String && format != ImportFormat.Ninjs)
            {
                throw ValidationRules.Field("document", "The document must be a JSON string (a JSON object is taken for ninjs only).");
            }

            var imported = await importer.ImportAsync(
                format, document, "utf-8", command.DryRun, string.IsNullOrWhiteSpace(line.Author) ? null : line.Author, command.Caller, ct);
            if (transaction is not null)
            {
                await transaction.ReleaseSavepointAsync(savepoint, ct);
            }

            return new ImportBatchItem(number, command.DryRun ? StatusCodes.Status200OK : StatusCodes.Status201Created, imported, null);
        }
        catch (Exception e) when (ProblemExceptionHandler.Map(e) is { Status: < 500 } problem)
        {
            if (transaction is not null)
            {
                await transaction.RollbackToSavepointAsync(savepoint, ct);
            }

            // What the failed line added is gone from the database; forget it here too.
            db.ChangeTracker.Clear();
            var errors = problem is Microsoft.AspNetCore.Http.HttpValidationProblemDetails v ? v.Errors : null;
            return new ImportBatchItem(number, problem.Status!.Value, null, new ImportBatchError(problem.Title ?? "", problem.Detail ?? "", errors));
        }
    }

    private static ImportBatchLine ParseLine(string text)
    {
        ImportBatchLine? line;
        try
        {
            line = JsonSerializer.Deserialize<ImportBatchLine>(text, JsonSetup.Input);
        }
        catch (JsonException e)
        {
            throw JsonInput.FieldError(e) ?? ValidationRules.Field("line",
                "The line is not a JSON object like {\"contentType\":\"text/markdown\",\"document\":\"...\"}.");
        }

        if (line is null || line.Document.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw ValidationRules.Field("document", "The line has no document: expected {\"contentType\":\"text/markdown\",\"document\":\"...\"}.");
        }

        return line;
    }

    /// <summary>Non-blank lines with their 1-based numbers; the body must be UTF-8 (400 naming the offset otherwise).</summary>
    private static List<(int Number, string Text)> SplitLines(byte[] body)
    {
        var (text, _) = ImportFormats.Decode(body, null);
        var lines = new List<(int, string)>();
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Add((number, line.TrimEnd('\r')));
            }
        }

        return lines;
    }

    private static ImportBatchAnswer Replay(IdempotencyRecord stored) =>
        new(JsonSerializer.Deserialize<ImportBatchResult>(stored.Response, JsonSetup.Input)!, Replayed: true);
}
