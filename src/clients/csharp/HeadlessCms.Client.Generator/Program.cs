namespace HeadlessCms.Client.Generator;

/// <summary>
/// Regenerates the C# client from the committed contract:
/// <c>dotnet run --project src/clients/csharp/HeadlessCms.Client.Generator [-- repository-root]</c> (scripts/update-openapi.sh).
/// Not a top-level program: the test project references this assembly and already has the API's Program.
/// </summary>
internal static class GeneratorProgram
{
    public static async Task Main(string[] args)
    {
        var root = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
        var output = ClientGenerator.OutputPath(root);
        await File.WriteAllTextAsync(output, await ClientGenerator.GenerateAsync(ClientGenerator.DocumentPath(root)));
        Console.WriteLine($"wrote {Path.GetRelativePath(root, output)}");
    }
}
