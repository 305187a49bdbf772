using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using Mediator;

namespace HeadlessCms.Api.Features.Imports;

/// <summary>Imports one document as a draft article, or on a dry run only says what it would create.</summary>
public sealed record ImportDocument(ImportFormat Format, string? Charset, byte[] Body, bool DryRun, string? Author)
    : ICommand<ImportResult>
{
    [JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;
}

internal sealed class ImportDocumentValidator : AbstractValidator<ImportDocument>
{
    /// <summary>An author's name (at most 100 characters), slug or id: never longer than a slug.</summary>
    public ImportDocumentValidator() =>
        RuleFor(x => x.Author).MaximumLength(ValidationRules.MaxSlugLength)
            .WithMessage($"'author' is an author's name, slug or id, at most {ValidationRules.MaxSlugLength} characters.");
}

internal sealed class ImportDocumentHandler(ArticleImporter importer) : ICommandHandler<ImportDocument, ImportResult>
{
    public async ValueTask<ImportResult> Handle(ImportDocument command, CancellationToken ct)
    {
        var (text, charset) = ImportFormats.Decode(command.Body, command.Charset);
        return await importer.ImportAsync(command.Format, text, charset, command.DryRun, command.Author, command.Caller, ct);
    }
}
