using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Newsletter;

/// <summary>How many subscribers are in each status.</summary>
public sealed record CountSubscribers : IQuery<SubscriberCounts>;

public sealed record SubscriberCounts(int Pending, int Confirmed, int Unsubscribed, int Total);

internal sealed class CountSubscribersHandler(CmsDbContext db) : IQueryHandler<CountSubscribers, SubscriberCounts>
{
    public async ValueTask<SubscriberCounts> Handle(CountSubscribers query, CancellationToken ct)
    {
        var counts = await db.Subscribers.AsNoTracking().GroupBy(s => s.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(SubscriberStatus status) => counts.Where(c => c.Status == status).Sum(c => c.Count);
        return new SubscriberCounts(
            Of(SubscriberStatus.Pending), Of(SubscriberStatus.Confirmed), Of(SubscriberStatus.Unsubscribed), counts.Sum(c => c.Count));
    }
}
