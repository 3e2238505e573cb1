// qmac_dot_vectors_tb: self-checking simulation of qmac_dot_flat on golden-model vectors. It drives the beats
// of VECTORS/beats.hex (one flat beat of qmac_dot_flat per line) with random input bubbles and random
// output back-pressure, compares every output in order with VECTORS/expected.hex, checks the output count,
// prints "PASS ..." and ends with $finish, or prints "FAIL ..." and ends with $fatal (a non-zero exit).
// tests/rtl/gen_netlist_vectors writes both files from the golden model; NBEATS and NOUT are its counts.
// One testbench for the RTL (FuseSoC targets sim: Verilator --timing, sim_icarus) and for the synthesized
// netlists of scripts/synth (Icarus, QMAC_NETLIST defined: qmac_dot is then a parameterless netlist).
// The vectors' directory is the plusarg +vectors=DIR (default: the working directory).
module qmac_dot_vectors_tb #(
  parameter int LANES      = 4,
  // int, not bit: FuseSoC passes integers, which Verilator would warn about on a 1-bit parameter.
  parameter int ACT_SIGNED  = 1,
  parameter int DSP_CASCADE = 0,
  parameter int NBEATS     = 1,
  parameter int NOUT       = 1
);
  // The flat beat of rtl/qmac_dot_flat.sv (layout: qmac_pkg, generated from docs/contract.toml).
  localparam int W = LANES * qmac_pkg::BeatLaneBits + qmac_pkg::BeatFieldBits;
  logic clk = 1'b0;
  logic rst = 1'b1;
  logic [W-1:0] beats [0:NBEATS-1];
  logic [qmac_pkg::OutBits-1:0] expected [0:NOUT-1];
  logic s_valid = 1'b0;
  logic m_ready = 1'b0;
  logic s_ready, m_valid;
  logic [qmac_pkg::OutBits-1:0] m_data;
  logic [W-1:0] beat = '0;
  int bi = 0, oi = 0, errors = 0, cycles = 0;
  int cur = -1;
  integer seed = 1;
  string dir;

  qmac_dot_flat #(.LANES(LANES), .ACT_SIGNED(ACT_SIGNED != 0), .DSP_CASCADE(DSP_CASCADE != 0)) dut (
    .clk_i(clk), .rst_i(rst), .s_valid_i(s_valid), .s_ready_o(s_ready), .s_beat_i(beat),
    .m_valid_o(m_valid), .m_ready_i(m_ready), .m_data_o(m_data));

  always #5 clk = ~clk;

  // A missing vector file would leave the arrays unknown (Icarus) or zero (Verilator): stop with its name.
  task automatic check_readable(input string path);
    integer fd;
    fd = $fopen(path, "r");
    if (fd == 0) $fatal(1, "qmac_dot_vectors_tb: cannot open %s (write it with tests/rtl/gen_netlist_vectors)", path);
    $fclose(fd);
  endtask

  initial begin
    if (!$value$plusargs("vectors=%s", dir)) dir = ".";
    check_readable({dir, "/beats.hex"});
    check_readable({dir, "/expected.hex"});
    $readmemh({dir, "/beats.hex"}, beats);
    $readmemh({dir, "/expected.hex"}, expected);
    repeat (3) @(posedge clk);
    #1 rst = 1'b0;
  end

  // Drive after the falling edge, sample the handshakes at the rising edge (the design sees stable inputs).
  // bi counts the beats taken, cur is the index of the beat on the bus: bi > cur once the design took it.
  always @(negedge clk) if (!rst) begin
    cycles = cycles + 1;
    if (s_valid && bi > cur) s_valid = 1'b0;
    if (!s_valid && bi < NBEATS && ($random(seed) & 3) != 0) begin
      s_valid = 1'b1;
      beat = beats[bi];
      cur = bi;
    end
    m_ready = ($random(seed) & 7) >= 3;
  end

  always @(posedge clk) if (!rst) begin
    if (s_valid && s_ready) bi = bi + 1;
    if (m_valid && m_ready) begin
      if (oi >= NOUT) begin
        errors = errors + 1;
        $display("extra output %h", m_data);
      end else if (m_data !== expected[oi]) begin
        errors = errors + 1;
        if (errors < 10) $display("output %0d: golden %h, design %h", oi, expected[oi], m_data);
      end
      oi = oi + 1;
    end
  end

  initial begin
    wait (oi == NOUT || cycles >= 20 * NBEATS + 1000);
    repeat (40) @(posedge clk);
    if (oi != NOUT) begin
      errors = errors + 1;
      $display("got %0d of %0d outputs", oi, NOUT);
    end
    if (errors == 0) begin
      $display("PASS %0d outputs from %0d beats", oi, bi);
      $finish;
    end else begin
      $fatal(1, "FAIL %0d errors", errors);
    end
  end
endmodule
