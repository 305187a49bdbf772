namespace HeadlessCms.Tests.Infrastructure;

/// <summary>Files of the repository and beside it, found from the test binaries.</summary>
public static class RepositoryFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HeadlessCms.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HeadlessCms.sln not found above the test binaries.");
    }

    /// <summary>
    /// The reference page capture, from the nearest shared/reference folder above the repository (CI lays shared/ beside
    /// its clone; a developer's worktree may sit deeper). Null where there is none: the file is not part of the repository.
    /// </summary>
    public static string? ReferenceCapture()
    {
        for (var dir = Directory.GetParent(Root()); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "reference", "sample-news-page.txt");
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
