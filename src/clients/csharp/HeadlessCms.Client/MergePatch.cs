using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HeadlessCms.Client;

/// <summary>
/// JSON Merge Patch (RFC 7396) bodies, the generated <c>...MergePatch</c> classes: a member left null is not sent (the
/// field keeps its value); a member named with <see cref="Remove{T, TValue}"/> is sent as null (the field is removed).
/// A plain class cannot tell "not set" from "set to null", so the removal is said explicitly.
/// </summary>
public static class MergePatch
{
    private static readonly ConditionalWeakTable<object, HashSet<string>> Removed = new();

    /// <summary>Sends <paramref name="member"/> as null, which removes the field: <c>patch.Remove(p => p.Source)</c>.</summary>
    public static T Remove<T, TValue>(this T patch, Expression<Func<T, TValue>> member) where T : class
    {
        if (member.Body is not MemberExpression { Member: PropertyInfo property })
        {
            throw new ArgumentException("Name a property of the patch, such as p => p.Source.", nameof(member));
        }

        property.SetValue(patch, null);
        Removed.GetOrCreateValue(patch).Add(property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name);
        return patch;
    }

    internal static void OmitUnsetMembers(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || !type.Type.Name.EndsWith("MergePatch", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            var name = property.Name;
            property.ShouldSerialize = (patch, value) =>
                value is not null || (Removed.TryGetValue(patch, out var removed) && removed.Contains(name));
        }
    }
}
