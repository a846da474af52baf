/// How strongly a root key points at a format, for auto-detection.
enum DetectionScore: Int, Comparable, Sendable {
    case none = 0
    /// The key fits this format but others too (e.g. `data`).
    case weak = 1
    /// The key identifies this format (e.g. Yeastar's `errcode`).
    case strong = 2

    static func < (a: DetectionScore, b: DetectionScore) -> Bool { a.rawValue < b.rawValue }
}

/// What one page (one JSON document) said about paging.
public struct PageInfo: Sendable, Equatable {
    /// The next page number to ask for (Yeastar `offset`), `nil` when the source has none or all
    /// pages were fetched (Yeastar says -1).
    public var nextPage: Int64?
    /// The cursor to ask for the next page with (DingTalk `nextTtoken`), `nil` when none.
    public var cursor: String?
    /// Whether the source says more pages follow.
    public var hasMore: Bool
    /// Records in this page that were already in the transcript (repeated across pages).
    public var duplicatesSkipped: Int

    public init(nextPage: Int64? = nil, cursor: String? = nil, hasMore: Bool = false, duplicatesSkipped: Int = 0) {
        self.nextPage = nextPage
        self.cursor = cursor
        self.hasMore = hasMore
        self.duplicatesSkipped = duplicatesSkipped
    }
}

/// A decoder for one source format: a JSON event handler that fills a ``TranscriptBuilder``.
///
/// One instance decodes every page of one transcript: ``beginDocument()`` and
/// ``endDocument()`` bracket each page. To add a format, write one type conforming to this
/// protocol in `Vendors/` and list it in ``VendorRegistry``.
protocol VendorDecoder: JSONEventHandler {
    /// The format's name, as `--from` takes it and canonical JSON's `source` records it.
    static var format: SourceFormat { get }
    /// How strongly a key of the root object (or, when `inArray`, of the first element of a
    /// root array) points at this format.
    static func detectionScore(rootKey: UnsafeRawBufferPointer, inArray: Bool) -> DetectionScore
    /// Whether this format's document may be an array at the root (`[]` included).
    static var acceptsRootArray: Bool { get }

    init(limits: DecodeLimits)

    /// Where decoded records go.
    var builder: TranscriptBuilder { get set }
    /// Resets per-page state before a page.
    func beginDocument()
    /// Checks the page is complete and says what it told about paging.
    func endDocument() throws(TranscriptError) -> PageInfo
}

extension VendorDecoder {
    static var acceptsRootArray: Bool { false }
}
