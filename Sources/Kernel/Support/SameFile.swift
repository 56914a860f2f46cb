// Whether two paths name one file: the same device and inode, so a link or another spelling of the
// path is caught (a backup onto the live database, a restore of the database onto itself).
import Foundation

func sameFile(_ one: String, _ other: String) -> Bool {
    var a = stat(), b = stat()
    return stat(one, &a) == 0 && stat(other, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino
}
