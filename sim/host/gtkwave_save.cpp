#include "gtkwave_save.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "qmac/hls/interface.hpp"

namespace qmac::tb {

namespace {

namespace hw = qmac::hw;

// GTKWave's trace flags (its savefile format): radix bits, right-justified values, group begin/end markers.
constexpr unsigned kHex = 0x2, kDec = 0x4, kBin = 0x8, kRightJustify = 0x20, kBlank = 0x200, kSigned = 0x400;
constexpr unsigned kGroupBegin = 0x800000, kGroupEnd = 0x1000000;

class SaveWriter {
public:
    explicit SaveWriter(std::ostringstream& out) : out_(out) {}
    void group(const char* name, void (*body)(SaveWriter&, int), int lanes) {
        flags(kGroupBegin | kBlank);
        out_ << '-' << name << '\n';
        body(*this, lanes);
        flags(kGroupEnd | kBlank);
        out_ << '-' << name << '\n';
    }
    // A one-bit signal, in binary.
    void bit(const std::string& path) {
        flags(kBin | kRightJustify);
        out_ << "TOP." << path << '\n';
    }
    // A bus of `width` bits (Verilator names it path[width-1:0] in the FST), in hex or (signed) decimal.
    void bus(const std::string& path, int width, unsigned radix) {
        flags(radix | kRightJustify);
        out_ << "TOP." << path << '[' << width - 1 << ":0]\n";
    }

private:
    void flags(unsigned f) {
        if (f != last_) out_ << '@' << std::hex << f << std::dec << '\n';
        last_ = f;
    }
    std::ostringstream& out_;
    unsigned last_ = 0;
};

// The top's ports (Verilator's TOP scope: the values the testbench drove and saw).
void clock_and_reset(SaveWriter& w, int) {
    w.bit("clk_i");
    w.bit("rst_i");
}
void input_handshake(SaveWriter& w, int) {
    w.bit("s_valid_i");
    w.bit("s_ready_o");
    w.bit("s_last_i");
    w.bit("qmac_dot.in_fire");
}
void input_beat(SaveWriter& w, int lanes) {
    w.bus("s_act_i", lanes * hw::kActBits, kHex);
    w.bus("s_wgt_i", lanes * hw::kWeightBits, kHex);
    w.bus("s_bias_i", hw::kBiasBits, kDec | kSigned);
    w.bus("s_multiplier_i", hw::kMultiplierBits, kHex);
    w.bus("s_shift_i", hw::kShiftBits, kDec | kSigned);
    w.bus("s_rounding_i", hw::kRoundingBits, kDec);
    w.bus("s_wrap_offset_i", hw::kWrapOffsetBits, kDec);
    w.bus("s_out_zero_point_i", hw::kOutParamBits, kDec | kSigned);
    w.bus("s_out_min_i", hw::kOutParamBits, kDec | kSigned);
    w.bus("s_out_max_i", hw::kOutParamBits, kDec | kSigned);
}
// Inside qmac_dot, in pipeline order: lane 0's product, the beat's sum, the accumulator plus bias, the
// requantizer's inputs and result.
void datapath(SaveWriter& w, int lanes) {
    w.bit("qmac_dot.en");
    w.bus("qmac_dot.gen_lane[0].u_mul.prod_o", hw::kActBits + hw::kWeightBits, kDec | kSigned);
    w.bit("qmac_dot.beat_valid");
    w.bit("qmac_dot.beat_last");
    w.bus("qmac_dot.beat_sum", hw::kActBits + hw::kWeightBits + hw::ceil_log2(lanes), kDec | kSigned);
    w.bit("qmac_dot.acc_valid_q");
    w.bus("qmac_dot.biased", hw::kAccBits, kDec | kSigned);
    w.bus("qmac_dot.u_requant.acc_i", hw::kAccBits, kDec | kSigned);
    w.bus("qmac_dot.u_requant.multiplier_i", hw::kMultiplierBits, kHex);
    w.bus("qmac_dot.u_requant.shift_i", hw::kShiftBits, kDec | kSigned);
    w.bus("qmac_dot.u_requant.rounding_i", hw::kRoundingBits, kDec);
    w.bus("qmac_dot.u_requant.wrap_offset_i", hw::kWrapOffsetBits, kDec);
    w.bit("qmac_dot.y_valid");
    w.bus("qmac_dot.y", hw::kOutBits, kDec | kSigned);
}
void output_stream(SaveWriter& w, int) {
    w.bit("m_valid_o");
    w.bit("m_ready_i");
    w.bus("m_data_o", hw::kOutBits, kDec | kSigned);
    w.bit("qmac_dot.u_out.a_full_q");
    w.bit("qmac_dot.u_out.b_full_q");
}
void assertions(SaveWriter& w, int) {
    w.bit("qmac_dot.u_assertions.checking");
    w.bit("qmac_dot.u_assertions.stalled_q");
}

}  // namespace

std::string gtkwave_save_path(const std::string& fst_path) {
    const std::string ext = ".fst";
    if (fst_path.size() > ext.size() && fst_path.compare(fst_path.size() - ext.size(), ext.size(), ext) == 0) {
        return fst_path.substr(0, fst_path.size() - ext.size()) + ".gtkw";
    }
    return fst_path + ".gtkw";
}

std::string gtkwave_save_text(const std::string& fst_path, int lanes) {
    std::ostringstream out;
    // An absolute dump path, so that the save file opens its waveform from any directory.
    std::string dump = fst_path;
    if (char* real = realpath(fst_path.c_str(), nullptr)) {
        dump = real;
        std::free(real);
    }
    out << "[*] qmac-sim: qmac_dot LANES=" << lanes << " (written by sim/host/gtkwave_save.cpp)\n"
        << "[dumpfile] \"" << dump << "\"\n"
        << "[timestart] 0\n[size] 1600 900\n[pos] -1 -1\n"
        << "[treeopen] TOP.\n[treeopen] TOP.qmac_dot.\n[sst_width] 260\n[signals_width] 320\n"
        << "[sst_expanded] 1\n[sst_vpaned_height] 260\n";
    SaveWriter w(out);
    w.group("clock and reset", clock_and_reset, lanes);
    w.group("input handshake", input_handshake, lanes);
    w.group("input beat", input_beat, lanes);
    w.group("datapath", datapath, lanes);
    w.group("output stream", output_stream, lanes);
    w.group("assertions", assertions, lanes);
    return out.str();
}

bool write_gtkwave_save(const std::string& fst_path, int lanes) {
    std::ofstream f(gtkwave_save_path(fst_path));
    f << gtkwave_save_text(fst_path, lanes);
    return static_cast<bool>(f);
}

}  // namespace qmac::tb
