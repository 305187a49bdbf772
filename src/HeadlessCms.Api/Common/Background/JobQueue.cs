using System.Data.Common;
using HeadlessCms.Api.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Common.Background;

/// <summary>Claims, finishes and releases jobs in the database (see BackgroundJobs.cs for the whole picture).</summary>
public sealed class JobQueue(TimeProvider clock, IEnumerable<JobKindRegistration> registrations, ILogger<JobQueue> logger)
{
    private readonly Dictionary<string, JobKindRegistration> kinds = registrations.ToDictionary(r => r.Kind, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, JobKindRegistration> Kinds => kinds;

    /// <summary>
    /// Takes the earliest due job this instance can run, or returns null when there is none. The returned job carries
    /// the lease (LockedBy, LockedUntil, Attempts) as it was written.
    /// </summary>
    public async Task<BackgroundJob?> TryClaimAsync(CmsDbContext db, string worker, CancellationToken ct)
    {
        if (kinds.Count == 0)
        {
            return null;
        }

        var names = kinds.Keys.ToArray();

        // Each round either claims, finds nothing, or lost a race to another worker (then the state has moved on).
        for (var round = 0; round < 20; round++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var transaction = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(ct) : null;
            var candidate = db.Database.IsNpgsql()
                ? (await db.BackgroundJobs.FromSql($"""
                    SELECT * FROM "BackgroundJobs" AS j
                    WHERE j."Status" = 'Pending' AND j."DueAt" <= {now} AND j."Kind" = ANY({names})
                      AND ((j."LockedUntil" IS NULL AND (j."Lane" IS NULL OR (NOT EXISTS (
                              SELECT 1 FROM "BackgroundJobs" AS o WHERE o."Lane" = j."Lane" AND o."LockedUntil" IS NOT NULL)
                            AND j."Id" = (
                              SELECT h."Id" FROM "BackgroundJobs" AS h WHERE h."Lane" = j."Lane" AND h."Status" = 'Pending'
                              ORDER BY h."CreatedAt", h."Id" LIMIT 1))))
                           OR j."LockedUntil" < {now})
                    ORDER BY j."DueAt", j."Id"
                    LIMIT 1
                    FOR UPDATE OF j SKIP LOCKED
                    """).AsNoTracking().ToListAsync(ct)).FirstOrDefault()
                : await Claimable(db, names, now).AsNoTracking().OrderBy(j => j.DueAt).ThenBy(j => j.Id).FirstOrDefaultAsync(ct);
            if (candidate is null)
            {
                return null;
            }

            var until = now + kinds[candidate.Kind].Options.Lease;
            int won;
            try
            {
                // The same conditions again, atomically, and the attempt count as read: on SQLite this is the claim
                // itself; on PostgreSQL the row is already locked, and the lane index may still say no.
                won = await Claimable(db, names, now)
                    .Where(j => j.Id == candidate.Id && j.Attempts == candidate.Attempts)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(j => j.LockedBy, worker)
                        .SetProperty(j => j.LockedUntil, until)
                        .SetProperty(j => j.Attempts, candidate.Attempts + 1), ct);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(ct);
                }
            }
            catch (Exception e) when (IsUniqueViolation(e))
            {
                // Another worker leased a job of the same lane a moment ago.
                won = 0;
            }

            if (won == 1)
            {
                candidate.LockedBy = worker;
                candidate.LockedUntil = until;
                candidate.Attempts++;
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Records a run's result if the job is still this worker's (its lease not taken over). Returns the status the job
    /// is left in, or null when the lease had been lost (the result is then not recorded).
    /// </summary>
    public async Task<BackgroundJobStatus?> FinishAsync(CmsDbContext db, BackgroundJob job, JobResult result, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var options = kinds[job.Kind].Options;
        var error = result.Error is { Length: > 1000 } full ? full[..1000] : result.Error;
        var mine = db.BackgroundJobs.Where(j =>
            j.Id == job.Id && j.Status == BackgroundJobStatus.Pending && j.LockedBy == job.LockedBy && j.Attempts == job.Attempts);
        BackgroundJobStatus status;
        int updated;
        if (result.Kind == JobResult.Outcome.Retry && job.Attempts < options.MaxAttempts)
        {
            status = BackgroundJobStatus.Pending;
            var dueAt = now + options.BackoffFor(job.Attempts, result.After, Random.Shared);
            updated = await mine.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.DueAt, dueAt)
                .SetProperty(j => j.LockedUntil, (DateTime?)null)
                .SetProperty(j => j.LastError, error), ct);
        }
        else
        {
            status = result.Kind == JobResult.Outcome.Done ? BackgroundJobStatus.Done : BackgroundJobStatus.Failed;
            updated = await mine.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.CompletedAt, now)
                .SetProperty(j => j.LockedUntil, (DateTime?)null)
                .SetProperty(j => j.LastError, error), ct);
        }

        if (updated == 0)
        {
            logger.LogWarning("Job {JobId} ({Kind}) finished after its lease was taken over; its result is not recorded", job.Id, job.Kind);
            return null;
        }

        return status;
    }

    /// <summary>Gives a claimed job back without counting the attempt (the worker is stopping).</summary>
    public Task<int> ReleaseAsync(CmsDbContext db, BackgroundJob job, CancellationToken ct) =>
        db.BackgroundJobs
            .Where(j => j.Id == job.Id && j.Status == BackgroundJobStatus.Pending && j.LockedBy == job.LockedBy && j.Attempts == job.Attempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.LockedUntil, (DateTime?)null)
                .SetProperty(j => j.Attempts, job.Attempts - 1), ct);

    /// <summary>The next instant something may become claimable (a due time or a lease running out), if any.</summary>
    public async Task<DateTime?> NextWakeAsync(CmsDbContext db, CancellationToken ct)
    {
        var names = kinds.Keys.ToArray();
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.BackgroundJobs.AsNoTracking()
            .Where(j => j.Status == BackgroundJobStatus.Pending && names.Contains(j.Kind))
            .Select(j => j.LockedUntil ?? j.DueAt)
            .Where(at => at > now)
            .MinAsync(at => (DateTime?)at, ct);
    }

    /// <summary>Deletes done and failed jobs older than the retention.</summary>
    public Task<int> PurgeAsync(CmsDbContext db, TimeSpan retention, CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - retention;
        return db.BackgroundJobs
            .Where(j => j.Status != BackgroundJobStatus.Pending && j.CompletedAt < before)
            .ExecuteDeleteAsync(ct);
    }

    // A lane job runs only as its lane's head (the oldest pending job, by CreatedAt then Id) and only while no job of
    // the lane holds a lease: a head waiting out a retry backoff holds back the jobs behind it, so a lane's jobs run
    // in the order they were written, each after the one before it has succeeded or failed for good. A job whose
    // lease ran out is taken over whatever its place, since it is the one holding the lane.
    private static IQueryable<BackgroundJob> Claimable(CmsDbContext db, string[] names, DateTime now) =>
        db.BackgroundJobs.Where(j =>
            j.Status == BackgroundJobStatus.Pending && j.DueAt <= now && names.Contains(j.Kind) &&
            ((j.LockedUntil == null && (j.Lane == null || (
                 !db.BackgroundJobs.Any(o => o.Lane == j.Lane && o.LockedUntil != null) &&
                 db.BackgroundJobs.Where(h => h.Lane == j.Lane && h.Status == BackgroundJobStatus.Pending)
                     .OrderBy(h => h.CreatedAt).ThenBy(h => h.Id).Select(h => h.Id).First() == j.Id)))
             || j.LockedUntil < now));

    private static bool IsUniqueViolation(Exception e) => (e is DbUpdateException ? e.InnerException : e) switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        DbException other => other.SqlState == "23505",
        _ => false,
    };
}
