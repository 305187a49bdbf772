using System.Text.Json;
using System.Linq.Expressions;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>Subscribers as admins see them, newest first: status (pending, confirmed, unsubscribed) and address narrow it.</summary>
public sealed record ListSubscribers(string? Status, string? Email, int? Limit, string? Cursor) : IQuery<Page<SubscriberResponse>>;

public sealed record SubscriberResponse(
    Guid Id, string Email, string? Name, SubscriberStatus Status, IReadOnlyList<string> Topics,
    DateTime CreatedAt, DateTime? ConfirmationSentAt, DateTime? ConfirmedAt, DateTime? UnsubscribedAt)
{
    public static readonly Expression<Func<Subscriber, SubscriberResponse>> Projection = s => new SubscriberResponse(
        s.Id, s.Email, s.Name, s.Status, s.Topics.OrderBy(t => t.Tag.Slug).Select(t => t.Tag.Slug).ToList(),
        s.CreatedAt, s.ConfirmationSentAt, s.ConfirmedAt, s.UnsubscribedAt);
}

internal static class SubscriberFilters
{
    public static bool IsStatus(string? status) =>
        status is null || Enum.GetNames<SubscriberStatus>().Contains(status, StringComparer.OrdinalIgnoreCase);

    public static IQueryable<Subscriber> WithStatus(this IQueryable<Subscriber> query, string? status) =>
        status is null ? query : query.Where(s => s.Status == Enum.Parse<SubscriberStatus>(status, true));

    public static IRuleBuilderOptions<T, string?> KnownSubscriberStatus<T>(this IRuleBuilder<T, string?> rule) =>
        rule.OneOf(Enum.GetNames<SubscriberStatus>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray(), ignoreCase: true)
            .WithMessage("'status' is pending, confirmed or unsubscribed.");
}

internal sealed class ListSubscribersValidator : AbstractValidator<ListSubscribers>
{
    public ListSubscribersValidator()
    {
        RuleFor(x => x.Status).KnownSubscriberStatus();
        RuleFor(x => x.Email).MaximumLength(EmailAddresses.MaxLength).Must(e => e is null || EmailAddresses.Normalize(e) is not null).WithMessage("'email' is not an email address.");
        RuleFor(x => x.Limit).PageLimit();
        RuleFor(x => x.Cursor).ValidCursor(CursorKind.Timeline);
    }
}

internal sealed class ListSubscribersHandler(CmsDbContext db) : IQueryHandler<ListSubscribers, Page<SubscriberResponse>>
{
    public async ValueTask<Page<SubscriberResponse>> Handle(ListSubscribers query, CancellationToken ct)
    {
        var subscribers = db.Subscribers.AsNoTracking().WithStatus(query.Status);
        if (EmailAddresses.Normalize(query.Email) is { } email)
        {
            subscribers = subscribers.Where(s => s.Email == email);
        }

        if (Cursor.TryTimeline(query.Cursor, out var at, out var id))
        {
            subscribers = subscribers.Where(s => s.CreatedAt < at || (s.CreatedAt == at && s.Id.CompareTo(id) < 0));
        }

        var size = query.Limit ?? 20;
        var items = await subscribers.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Take(size + 1).AsSplitQuery().Select(SubscriberResponse.Projection).ToListAsync(ct);
        return items.Count > size
            ? new Page<SubscriberResponse>(items[..size], Cursor.ForTimeline(items[size - 1].CreatedAt, items[size - 1].Id))
            : new Page<SubscriberResponse>(items, null);
    }
}
