import FuzzSupport
import Foundation
exit(runIt { data, size in
    if size > 2, let data, data[0] == 65, data[1] == 66 { fatalError("AB") }
    return 0
})
