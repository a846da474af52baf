import TranscriptKit
#if canImport(Glibc)
import Glibc
#endif

/// What `stat` says about a path, as much as the batch needs.
struct FileInfo: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
    var isDirectory: Bool
    var isRegularFile: Bool
    var size: Int
    /// Modification time in nanoseconds since the epoch.
    var modified: Int64

    /// Whether both describe the same file.
    func isSameFile(as other: FileInfo) -> Bool { device == other.device && inode == other.inode }
}

/// The few file-system operations the CLI needs, on POSIX calls (no Foundation).
enum FileSystem {
    /// `stat` (following symbolic links), `nil` when the path does not exist or cannot be read.
    static func info(_ path: String) -> FileInfo? {
        var raw = stat()
        guard stat(path, &raw) == 0 else { return nil }
        return FileInfo(raw)
    }

    /// `lstat`: the link itself, not what it points at.
    static func linkInfo(_ path: String) -> FileInfo? {
        var raw = stat()
        guard lstat(path, &raw) == 0 else { return nil }
        return FileInfo(raw)
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var raw = stat()
        return lstat(path, &raw) == 0 && (raw.st_mode & S_IFMT) == S_IFLNK
    }

    static func isDirectory(_ path: String) -> Bool { info(path)?.isDirectory ?? false }

    /// `a` + `/` + `b`, without doubling the slash.
    static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// The last path component.
    static func baseName(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.last == "/" { trimmed.removeLast() }
        if let slash = trimmed.lastIndex(of: "/") { return String(trimmed[trimmed.index(after: slash)...]) }
        return String(trimmed)
    }

    /// Everything before the last component (`""` for a bare name).
    static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The files under `root` whose extension is one of `extensions` (lower case, without the
    /// dot), as paths relative to `root`, sorted. Names starting with `.` (files and
    /// directories) are skipped, symbolic links to directories are not followed (no cycles),
    /// and the directory `excluding` (the output directory, when it lies inside) is left out.
    /// A directory that cannot be read is reported in `unreadable` (relative path, error) and
    /// the walk goes on.
    static func walk(
        _ root: String, extensions: Set<String>, excluding: FileInfo?
    ) -> (files: [String], unreadable: [(String, TranscriptError)]) {
        var found: [String] = []
        var unreadable: [(String, TranscriptError)] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let directory = relative.isEmpty ? root : join(root, relative)
            guard let handle = opendir(directory) else {
                unreadable.append((relative, TranscriptError(.io, "cannot read directory \(directory): \(String(cString: strerror(errno)))")))
                continue
            }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                    pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name.hasPrefix(".") { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                let path = join(root, child)
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
                    // Follow a link to a file, never to a directory.
                    guard let target = info(path) else { continue }
                    if target.isDirectory {
                        if isSymbolicLink(path) { continue }
                        type = Int32(DT_DIR)
                    } else if target.isRegularFile {
                        type = Int32(DT_REG)
                    } else {
                        continue
                    }
                }
                if type == Int32(DT_DIR) {
                    if let excluding, let info = info(path), info.isSameFile(as: excluding) { continue }
                    pending.append(child)
                } else if type == Int32(DT_REG), let dot = name.lastIndex(of: "."),
                          extensions.contains(name[name.index(after: dot)...].lowercased()) {
                    found.append(child)
                }
            }
        }
        found.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return (found, unreadable)
    }

    /// Creates `directory` and its missing parents (like `mkdir -p`).
    static func makeDirectories(_ directory: String) throws(TranscriptError) {
        if directory.isEmpty || isDirectory(directory) { return }
        let parent = directoryName(directory)
        if !parent.isEmpty, parent != directory { try makeDirectories(parent) }
        if mkdir(directory, 0o755) != 0, errno != EEXIST || !isDirectory(directory) {
            throw TranscriptError(.io, "cannot create directory \(directory): \(String(cString: strerror(errno)))")
        }
    }

    /// Creates the directories of `relative` (a path of directories) under `root`, refusing to
    /// pass through a symbolic link: what is written under `root` stays under it.
    static func makeDirectories(_ relative: String, under root: String) throws(TranscriptError) {
        var path = root
        for component in relative.split(separator: "/") {
            path = join(path, String(component))
            if let link = linkInfo(path) {
                if link.isDirectory { continue }
                throw TranscriptError(.io, "\(path) is not a directory (a link or a file); not writing through it")
            }
            if mkdir(path, 0o755) != 0, errno != EEXIST {
                throw TranscriptError(.io, "cannot create directory \(path): \(String(cString: strerror(errno)))")
            }
            // Another worker may have created it meanwhile; it must be a real directory.
            guard linkInfo(path)?.isDirectory == true else {
                throw TranscriptError(.io, "\(path) is not a directory")
            }
        }
    }
}

extension FileInfo {
    init(_ raw: stat) {
        device = UInt64(raw.st_dev)
        inode = UInt64(raw.st_ino)
        isDirectory = (raw.st_mode & S_IFMT) == S_IFDIR
        isRegularFile = (raw.st_mode & S_IFMT) == S_IFREG
        size = Int(raw.st_size)
        modified = Int64(raw.st_mtim.tv_sec) * 1_000_000_000 + Int64(raw.st_mtim.tv_nsec)
    }
}
