using System.Security.Claims;
using HeadlessCms.Api.Common.Http;

namespace HeadlessCms.Api.Common.Security;

/// <summary>Who sent a message, as far as handlers need to know: anonymous, or a key with a role.</summary>
public sealed record Caller(Guid? KeyId, string? KeyName, string? Role)
{
    public static readonly Caller Anonymous = new(null, null, null);

    /// <summary>The background scheduler, as the audit log names it.</summary>
    public static readonly Caller Scheduler = new(null, "scheduler", null);

    public bool IsAuthenticated => Role is not null;

    public bool CanSeeDrafts => Role is Roles.Admin or Roles.Editor;

    /// <summary>Newsroom staff: their comments are approved at once and flagged, and they moderate.</summary>
    public bool IsStaff => Role is Roles.Admin or Roles.Editor or Roles.Moderator;

    public static Caller From(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? new Caller(
                Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && id != Guid.Empty ? id : null,
                user.FindFirstValue(ClaimTypes.Name),
                user.FindFirstValue(ClaimTypes.Role))
            : Anonymous;

    /// <summary>401 for anonymous callers, 403 for keys whose role is not enough.</summary>
    public void Require(bool allowed, string what)
    {
        if (allowed)
        {
            return;
        }

        if (!IsAuthenticated)
        {
            throw new UnauthorizedException($"{what} needs an API key: send 'Authorization: Bearer <api key>'.");
        }

        throw new ForbiddenException($"The API key's role does not allow {what}.");
    }
}
