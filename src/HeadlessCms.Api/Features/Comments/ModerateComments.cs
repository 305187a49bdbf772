using HeadlessCms.Api.Common.Validation;
using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using Mediator;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>One comment's outcome in a bulk action: its new status, "deleted", or "notFound".</summary>
public sealed record BulkModerationOutcome(Guid Id, string Outcome);

public sealed record BulkModerationResult(ModerationAction Action, IReadOnlyList<BulkModerationOutcome> Results);

/// <summary>
/// Clears a queue in one request: the same action on up to 100 comments. Each comment is moderated on its own, exactly as
/// by its single endpoint (own transaction, own audit entry); an id that does not exist is reported, not an error.
/// </summary>
public sealed record ModerateComments(IReadOnlyList<Guid>? Ids, ModerationAction? Action) : ICommand<BulkModerationResult>
{
    public const int MaxIds = 100;

    [JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;
}

internal sealed class ModerateCommentsValidator : AbstractValidator<ModerateComments>
{
    public ModerateCommentsValidator()
    {
        RuleFor(x => x.Ids).Cascade(CascadeMode.Stop).NotEmpty()
            .MaxItems(ModerateComments.MaxIds).WithMessage($"At most {ModerateComments.MaxIds} comments at a time.")
            .Must(ids => ids!.Distinct().Count() == ids!.Count).WithMessage("A comment is listed twice.");
        RuleFor(x => x.Action).NotNull();
    }
}

internal sealed class ModerateCommentsHandler(ISender sender, CmsDbContext db) : ICommandHandler<ModerateComments, BulkModerationResult>
{
    public async ValueTask<BulkModerationResult> Handle(ModerateComments command, CancellationToken ct)
    {
        var action = command.Action!.Value;
        var results = new List<BulkModerationOutcome>(command.Ids!.Count);
        foreach (var id in command.Ids)
        {
            try
            {
                if (action == ModerationAction.Delete)
                {
                    await sender.Send(new DeleteComment(id, IfMatch.None, command.Caller), ct);
                    results.Add(new BulkModerationOutcome(id, "deleted"));
                }
                else
                {
                    var moderated = await sender.Send(new ModerateComment(id, action, IfMatch.None, command.Caller), ct);
                    results.Add(new BulkModerationOutcome(id, moderated.Status.ToString().ToLowerInvariant()));
                }
            }
            catch (NotFoundException)
            {
                results.Add(new BulkModerationOutcome(id, "notFound"));
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return new BulkModerationResult(action, results);
    }
}
