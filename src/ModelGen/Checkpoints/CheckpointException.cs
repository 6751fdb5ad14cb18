using System;

namespace ModelGen.Checkpoints;

/// <summary>
/// A checkpoint or safetensors file cannot be read or does not fit the model: the message names the file, says what is
/// wrong and what to do.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>An exception without details.</summary>
    public CheckpointException() : base("The checkpoint cannot be used.") { }

    /// <summary>An exception with a message.</summary>
    public CheckpointException(string message) : base(message) { }

    /// <summary>An exception with a message and the exception that caused it.</summary>
    public CheckpointException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>An exception about the file at <paramref name="path"/>.</summary>
    public CheckpointException(string message, string? path, Exception? innerException = null) : base(message, innerException)
        => Path = path;

    /// <summary>The file concerned, when there is one.</summary>
    public string? Path { get; }
}
