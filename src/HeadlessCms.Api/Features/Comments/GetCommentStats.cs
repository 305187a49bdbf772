using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>
/// One staff key's record as a commenter: its approved comments and the likes they received. The configured bootstrap
/// admin key has no id and is listed as the empty UUID.
/// </summary>
public sealed record StaffCommentStats(Guid KeyId, string? KeyName, int ApprovedMessages, int LikesReceived);

/// <summary>Every staff key that has approved comments, most active first; <c>key</c> narrows it to one key id.</summary>
public sealed record GetCommentStats(Guid? Key) : IQuery<IReadOnlyList<StaffCommentStats>>;

internal sealed class GetCommentStatsHandler(CmsDbContext db) : IQueryHandler<GetCommentStats, IReadOnlyList<StaffCommentStats>>
{
    public async ValueTask<IReadOnlyList<StaffCommentStats>> Handle(GetCommentStats query, CancellationToken ct) =>
        (await StaffStatistics.Query(db, query.Key is { } key ? [key] : null).ToListAsync(ct))
            .OrderByDescending(s => s.ApprovedMessages).ThenBy(s => s.KeyName, StringComparer.Ordinal).ToList();
}

internal static class StaffStatistics
{
    public static IQueryable<StaffCommentStats> Query(CmsDbContext db, IReadOnlyCollection<Guid>? keys)
    {
        var staff = db.Comments.AsNoTracking().Where(c => c.Staff && c.Status == CommentStatus.Approved);
        if (keys is not null)
        {
            staff = staff.Where(c => keys.Contains(c.StaffKeyId!.Value));
        }

        return staff.GroupBy(c => c.StaffKeyId!.Value)
            .Select(g => new StaffCommentStats(g.Key, g.Max(c => c.StaffKeyName), g.Count(), g.Sum(c => c.Likes)));
    }

    /// <summary>The figures the reference page prints beside a moderator's comment, for the staff keys on one page.</summary>
    public static async Task<IReadOnlyDictionary<Guid, StaffStats>> ForKeysAsync(CmsDbContext db, IReadOnlyCollection<Guid> keys, CancellationToken ct) =>
        keys.Count == 0
            ? new Dictionary<Guid, StaffStats>()
            : (await Query(db, keys).ToListAsync(ct)).ToDictionary(s => s.KeyId, s => new StaffStats(s.ApprovedMessages, s.LikesReceived));
}
