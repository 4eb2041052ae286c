<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA" sourcelanguage="en">
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to Clover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>North America</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Europe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latin America</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox (the training sandbox on this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox (Clover&apos;s test servers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production (real money)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clover app id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your Clover app&apos;s id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Clover app id is the App ID of your (or your reseller&apos;s) app in the Clover developer dashboard. Clover Desk signs in as that app; your password is typed in the browser, never here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close this dialog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clover &amp;app id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for you to sign in and approve Clover Desk in the browser…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting was cancelled; nothing was stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ Connecting failed: {0}. Nothing was stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Connected to {0} ({1}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainStatusBar</name>
    <message numerus="yes">
        <source>Clover asked us to slow down: waiting %n second(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Switch &amp;merchant</source>
        <extracomment>Who is signed in, and the directory a manager&apos;s approval is checked against; both are set by the composition root.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch merchant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant ▾</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch to another connected merchant</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefundDayPanel</name>
    <message>
        <source>End-of-day refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day of the refund report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save CS&amp;V…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the day&apos;s refunds as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save P&amp;DF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the day&apos;s refunds as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds made on this computer on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clover Desk end-of-day refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No refunds were made on this computer that day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 refund by {staff}, {totals}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} refunds by {staff} staff, {totals}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds of {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saving the refund report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Approved by {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} approved {amount}; the refund has changed since, so a manager must approve it again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>&amp;Connect to Clover…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to Clover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced: paste tokens instead of connecting</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source>Daily refund total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clerks only, in {currency}; empty for none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily refund &amp;total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set daily t&amp;otal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the most the selected clerk may refund in a day without a manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a staff member first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no daily refund total now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} may refund up to {amount} a day without a manager.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
