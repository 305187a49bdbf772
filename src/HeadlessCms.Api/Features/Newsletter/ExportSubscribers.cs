using System.Globalization;
using FluentValidation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>Every subscriber (or those in one status) as CSV rows, oldest first, streamed from the database.</summary>
public sealed record ExportSubscribers(string? Status) : IQuery<SubscriberExport>;

public sealed record SubscriberExport(IAsyncEnumerable<SubscriberResponse> Rows)
{
    public static readonly string[] Header =
        ["id", "email", "name", "status", "topics", "createdAt", "confirmationSentAt", "confirmedAt", "unsubscribedAt"];

    public static IEnumerable<string?> Cells(SubscriberResponse s) =>
    [
        s.Id.ToString(), s.Email, s.Name, s.Status.ToString().ToLowerInvariant(), string.Join(' ', s.Topics),
        Time(s.CreatedAt), Time(s.ConfirmationSentAt), Time(s.ConfirmedAt), Time(s.UnsubscribedAt),
    ];

    private static string? Time(DateTime? at) => at?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

internal sealed class ExportSubscribersValidator : AbstractValidator<ExportSubscribers>
{
    public ExportSubscribersValidator() => RuleFor(x => x.Status).KnownSubscriberStatus();
}

internal sealed class ExportSubscribersHandler(CmsDbContext db) : IQueryHandler<ExportSubscribers, SubscriberExport>
{
    public ValueTask<SubscriberExport> Handle(ExportSubscribers query, CancellationToken ct) =>
        ValueTask.FromResult(new SubscriberExport(db.Subscribers.AsNoTracking().WithStatus(query.Status)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .Select(SubscriberResponse.Projection)
            .AsAsyncEnumerable()));
}
