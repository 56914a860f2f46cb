// What the assessment reads from json_extract's arrays directly is what the kernel's parser makes
// of the same text, for the shapes it reads and for those it hands over.
import Kernel
import XCTest
@testable import Supervision

final class PickedValuesTests: XCTestCase {
    func testEveryArrayReadsAsTheParserReadsIt() throws {
        let texts = [
            #"["YH-2024-000001","major",31,false]"#, #"["YH-2024-000002","general",0,true]"#, #"[null,null,null,null]"#,
            #"["隐患 编号","major",-3,null]"#, #"["a\"b","major",1,true]"#, #"["a\u5e74",1.5,1e2,true]"#, #"[-0,00,01,-01]"#,
            #"[99999999999999999999,-9223372036854775808,9223372036854775807,9223372036854775808]"#, #"[[1,2],{"a":1},"x",true]"#,
            #"[]"#, #"["x"]"#, #"["x",]"#, #"[,]"#, #"["x" ,1]"#, #"[tru]"#, #"[truex]"#, #"["unterminated]"#, #"[1-2]"#, #"[-]"#, "[\"tab\tinside\"]",
            #"not json"#, #"{"code":"x"}"#, #""x""#, #"[nul"#, #"["x","y"]]"#,
        ]
        for text in texts {
            let expected: [JSON]? = { if case .array(let values)? = try? JSONParser.parse(text) { return values }; return nil }()
            XCTAssertEqual(PickedValues.parse(text), expected, text)
        }
        var text = #"["YH-2024-000001","major",31,false]"#
        XCTAssertEqual(text.withUTF8 { PickedValues.simple($0) }, [.string("YH-2024-000001"), .string("major"), .int(31), .bool(false)], "read directly")
        text = #"["a\u5e74",1]"#
        XCTAssertNil(text.withUTF8 { PickedValues.simple($0) }, "an escape is the parser's")
    }
}
