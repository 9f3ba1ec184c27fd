import RAE
import Testing

@testable import Bridge

@Suite("Vector options")
struct VectorOptionsTests {
    /// A MAKE request for four games with trajectories on and the baseline update left unnamed.
    private func request(mode: WireMode, update: WireBaselineUpdate = .unspecified) -> WireMakeRequest {
        WireMakeRequest.with {
            $0.game = "tic_tac_toe"
            $0.batchSize = 4
            $0.mode = mode
            $0.trajectories.enabled = true
            $0.trajectories.update = update
        }
    }

    @Test func anUnnamedBaselineUpdateIsPerBatchForTensorVectorsAndPerGameForTextVectors() throws {
        // A tensor trainer stepping in lockstep gets one game length per message; a per-game
        // baseline would then follow the message's own outcomes (docs/learning.md).
        #expect(try VectorOptions(request(mode: .tensor)).trajectories?.update == .perBatch)
        #expect(try VectorOptions(request(mode: .unspecified)).trajectories?.update == .perBatch)
        // Text vectors keep SPIRAL's per-game rule (the LLM loop plays them with auto-reset).
        #expect(try VectorOptions(request(mode: .text)).trajectories?.update == .perGame)
    }

    @Test func aNamedBaselineUpdateIsKeptInEitherMode() throws {
        for mode in [WireMode.tensor, .text] {
            #expect(try VectorOptions(request(mode: mode, update: .perGame)).trajectories?.update == .perGame)
            #expect(try VectorOptions(request(mode: mode, update: .perBatch)).trajectories?.update == .perBatch)
        }
    }

    @Test func observationsAreFloatsUnlessBytesAreAskedForInTensorMode() throws {
        var make = request(mode: .tensor)
        #expect(try VectorOptions(make).byteObservations == false)
        make.observationDtype = .float32
        #expect(try VectorOptions(make).byteObservations == false)
        make.observationDtype = .uint8
        #expect(try VectorOptions(make).byteObservations == true)
        for refused in [WireDType.int32, .float64] {
            make.observationDtype = refused
            #expect(throws: BridgeError.self) { try VectorOptions(make) }
        }
        var text = request(mode: .text)
        text.observationDtype = .uint8
        #expect(throws: BridgeError.self) { try VectorOptions(text) }
    }
}
