import Foundation
public enum App {
    public static func main(_ arguments: [String]) -> Int32 { 0 }
}
