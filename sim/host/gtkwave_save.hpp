// A GTKWave save file (.gtkw) for an FST waveform of qmac_dot: the handshakes, the input beat's fields, the
// datapath stages and the output, in named groups, with widths and radices for the configuration traced.
// Written beside every waveform the testbench records (--trace, and the failure re-run's --fail-trace), so
// that `gtkwave FILE.gtkw` opens the trace with the signals that matter already on screen.
#pragma once

#include <string>

namespace qmac::tb {

// FILE.fst -> FILE.gtkw (any other name: NAME.gtkw).
std::string gtkwave_save_path(const std::string& fst_path);

// The save file's text for a waveform at fst_path of the Verilated qmac_dot with `lanes` lanes.
std::string gtkwave_save_text(const std::string& fst_path, int lanes);

// Writes gtkwave_save_text to gtkwave_save_path(fst_path); false when the file cannot be written.
bool write_gtkwave_save(const std::string& fst_path, int lanes);

}  // namespace qmac::tb
