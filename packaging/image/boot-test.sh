#!/usr/bin/env bash
# Boots a kiosk image in qemu (UEFI via OVMF, no display, serial console to a log) and reports what the
# kiosk did: boot-test.sh IMAGE [TIMEOUT_SECONDS]   (default 600)
#
# Works on a copy of the image (the original stays pristine). In the copy, the loader entry also gets
# systemd.journald.forward_to_console=1, so the kiosk's journal (cage, the app, check-config, the
# enrolment prompt) appears on the serial log. The guest network is qemu's user mode with restrict=on:
# DHCP works, nothing leaves the host. Software emulation (slow: minutes) unless LK_BOOT_KVM=1.
# Exit 0 when the serial log shows the kiosk unit started; the log is kept in $LK_BOOT_LOG
# (default /var/tmp/lk-boot/serial.log). LK_BOOT_CMDLINE adds kernel parameters to the copy, e.g.
# "systemd.mask=learning-kiosk-enrol.service" to go straight to the kiosk session.
set -euo pipefail
img=${1:?usage: boot-test.sh IMAGE [TIMEOUT_SECONDS]}
timeout_s=${2:-600}
dir=${LK_BOOT_DIR:-/var/tmp/lk-boot}
log=${LK_BOOT_LOG:-$dir/serial.log}

for t in qemu-system-x86_64 mcopy; do
  command -v "$t" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    qemu-system-x86 ovmf mtools >/dev/null
done
[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ovmf >/dev/null

rm -rf "$dir"; mkdir -p "$dir"
copy=$dir/disk.img
cp --sparse=always "$img" "$copy"
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$dir/vars.fd"

# The ESP starts at 1 MiB (build-image.sh's layout).
esp="$copy@@1M"
for entry in $(mdir -b -i "$esp" ::/loader/entries/ | grep '\.conf$'); do
  mtype -i "$esp" "$entry" | sed "/^options /s/\$/ systemd.journald.forward_to_console=1 ${LK_BOOT_CMDLINE:-}/" > "$dir/entry.conf"
  mcopy -o -i "$esp" "$dir/entry.conf" "$entry"
done

# Software emulation by default (the brief's 2-core CI-like machines have no usable KVM: nested KVM
# here fails with "emulation failure"); LK_BOOT_KVM=1 uses KVM where it works.
accel=(-accel tcg)
if [ "${LK_BOOT_KVM:-0}" = 1 ]; then accel=(-accel kvm -cpu host); fi
echo "boot-test: qemu ${accel[*]}, timeout ${timeout_s}s, serial log $log" >&2

start=$(date +%s)
qemu-system-x86_64 -machine q35 "${accel[@]}" -m 2048 -smp 2 \
  -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
  -drive if=pflash,format=raw,file="$dir/vars.fd" \
  -drive file="$copy",format=raw,if=virtio \
  -device virtio-vga -display none \
  -nic user,model=virtio-net-pci,restrict=on \
  -serial file:"$log" -monitor none -no-reboot &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT

seen() { grep -a -q "$1" "$log" 2>/dev/null; }
# Done 60 s after the kiosk is up (Started: its app sent READY=1) or the enrolment prompt runs; or
# 150 s after the kiosk began starting without becoming ready (long enough to see a start time-out).
started=0 starting_at=0
while kill -0 $qemu 2>/dev/null && [ $(( $(date +%s) - start )) -lt "$timeout_s" ]; do
  if seen 'Started learning-kiosk.service\|Starting learning-kiosk-enrol.service'; then
    started=1
    sleep 60
    break
  fi
  if [ $starting_at -eq 0 ] && seen 'Starting learning-kiosk.service'; then starting_at=$(date +%s); fi
  if [ $starting_at -ne 0 ] && [ $(( $(date +%s) - starting_at )) -ge 150 ]; then break; fi
  sleep 5
done
elapsed=$(( $(date +%s) - start ))
kill $qemu 2>/dev/null || true
wait $qemu 2>/dev/null || true

echo "boot-test: stopped after ${elapsed}s" >&2
echo "--- milestones ---" >&2
grep -a -E 'Linux version|EXT4-fs \(vda2\): mounted|Reached target|learning-kiosk|cage|kioskctl|apply-display|Watchdog|watchdog|systemd-growfs|systemd-repart|enrol' "$log" |
  sed 's/\x1b\[[0-9;]*m//g' | cut -c1-220 | tail -n 80 >&2
[ $started -eq 1 ]
