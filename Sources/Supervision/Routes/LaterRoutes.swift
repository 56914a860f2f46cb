import Kernel

extension SupervisionRoutes {
    func ladder() -> [APIRoute] { [] }
    func assessment() -> [APIRoute] { [] }
}
