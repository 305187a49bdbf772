using HeadlessCms.Api.Data;
using HeadlessCms.Api.Common.Security;

namespace HeadlessCms.Api.Common.Persistence;

public static class Audit
{
    /// <summary>
    /// Adds an audit entry to the unit of work, so it is saved in the same transaction as the change it describes.
    /// The resulting version is filled in when the change is saved.
    /// </summary>
    public static void Record(
        this CmsDbContext db, Caller caller, string action, string targetType, Guid? targetId, string? targetSlug, DateTime at) =>
        db.AuditEntries.Add(new AuditEntry
        {
            Id = Guid.CreateVersion7(new DateTimeOffset(at)),
            At = at,
            KeyId = caller.KeyId,
            KeyName = caller.KeyName,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            TargetSlug = targetSlug,
        });
}
