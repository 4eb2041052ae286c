<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA" sourcelanguage="en">
<context>
    <name>ActivityTab</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Approuvé par</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Approbation</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>N° de remboursement</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>Poste</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>Tous les résultats</translation>
    </message>
    <message>
        <source>Search activity</source>
        <translation>Rechercher dans l&apos;activité</translation>
    </message>
    <message>
        <source>Search charge, order, refund id, note, reason…</source>
        <translation>Rechercher une transaction, une commande, un n° de remboursement, une note, un motif…</translation>
    </message>
    <message>
        <source>Staff member</source>
        <translation>Membre du personnel</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Date de début</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Date de fin</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>Exporter en &amp;CSV…</translation>
    </message>
    <message>
        <source>Export the activity shown as CSV</source>
        <translation>Exporter l&apos;activité affichée en CSV</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <source>Money movements from this machine</source>
        <translation>Mouvements de fonds faits depuis ce poste</translation>
    </message>
    <message>
        <source>No refunds from this computer in these dates. Widen the dates, or refund a charge from Charges &amp; refunds (Ctrl+R) and it is listed here.</source>
        <translation>Aucun remboursement fait sur cet ordinateur à ces dates. Élargissez les dates, ou remboursez une transaction dans Transactions &amp; remboursements (Ctrl+R) : elle paraîtra ici.</translation>
    </message>
    <message>
        <source>The movements of the opened batch</source>
        <translation>Les mouvements du lot ouvert</translation>
    </message>
    <message>
        <source>Open a batch above to list its refunds here.</source>
        <translation>Ouvrez un lot ci-dessus pour en voir les remboursements ici.</translation>
    </message>
    <message>
        <source>{count} money movements</source>
        <translation>{count} mouvements de fonds</translation>
    </message>
    <message numerus="yes">
        <source> · %n batch(es)</source>
        <translation>
            <numerusform> · %n lot</numerusform>
            <numerusform> · %n lots</numerusform>
        </translation>
    </message>
    <message>
        <source> · {count} still being confirmed with Clover</source>
        <translation> · {count} en cours de confirmation auprès de Clover</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s), %2; sent by %3</source>
        <translation>
            <numerusform>%1 : %n ligne, %2; envoyé par %3</numerusform>
            <numerusform>%1 : %n lignes, %2; envoyé par %3</numerusform>
        </translation>
    </message>
    <message>
        <source>, approved by %1</source>
        <translation>, approuvé par %1</translation>
    </message>
    <message>
        <source>Export activity</source>
        <translation>Exporter l&apos;activité</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported {count} rows to {file}.</source>
        <translation>{count} lignes exportées dans {file}.</translation>
    </message>
</context>
<context>
    <name>AddCardDialog</name>
    <message>
        <source>Add a card for {name}</source>
        <translation>Ajouter une carte pour {name}</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>Numéro de carte</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Date d&apos;expiration</translation>
    </message>
    <message>
        <source>MM/YY</source>
        <translation>MM/AA</translation>
    </message>
    <message>
        <source>Security code</source>
        <translation>Code de sécurité</translation>
    </message>
    <message>
        <source>CVV</source>
        <translation>CVV</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <source>ZIP</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <source>Save card</source>
        <translation>Enregistrer la carte</translation>
    </message>
    <message>
        <source>Card &amp;number:</source>
        <translation>&amp;Numéro de carte&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Expiry:</source>
        <translation>&amp;Expiration&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;CVV:</source>
        <translation>&amp;CVV&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Postal code:</source>
        <translation>Code &amp;postal&#xa0;:</translation>
    </message>
</context>
<context>
    <name>AsOfLabel</name>
    <message>
        <source>History as of</source>
        <translation>Historique mis à jour</translation>
    </message>
</context>
<context>
    <name>BatchCheck</name>
    <message>
        <source>order {order} is not on Clover.</source>
        <extracomment>Charges read at once while checking; the client&apos;s limiter keeps the pace anyway.</extracomment>
        <translation>la commande {order} n&apos;existe pas dans Clover.</translation>
    </message>
    <message>
        <source>order {order} could not be read from Clover ({reason}).</source>
        <translation>la commande {order} n&apos;a pas pu être lue dans Clover ({reason}).</translation>
    </message>
    <message>
        <source>charge {charge} is not on Clover.</source>
        <translation>la transaction {charge} n&apos;existe pas dans Clover.</translation>
    </message>
    <message>
        <source>charge {charge} could not be read from Clover ({reason}).</source>
        <translation>la transaction {charge} n&apos;a pas pu être lue dans Clover ({reason}).</translation>
    </message>
    <message>
        <source>(Rows above refund the same charge.)</source>
        <translation>(Des lignes plus haut remboursent la même transaction.)</translation>
    </message>
    <message>
        <source>the items come to {amount}, not the amount given; leave the amount empty to refund the items.</source>
        <translation>les articles totalisent {amount}, pas le montant indiqué; laissez le montant vide pour rembourser les articles.</translation>
    </message>
    <message>
        <source>a partial refund or an item return needs a note saying why.</source>
        <translation>un remboursement partiel ou un retour d&apos;articles doit avoir une note qui en donne la raison.</translation>
    </message>
    <message>
        <source>{name} may not make refunds.</source>
        <translation>{name} n&apos;a pas le droit de faire des remboursements.</translation>
    </message>
    <message>
        <source>Line {line}: {why}.</source>
        <translation>Ligne {line}&#xa0;: {why}.</translation>
    </message>
    <message>
        <source>The batch&apos;s {count} refunds come to {total}, over {name}&apos;s refund limit.</source>
        <translation>Les {count} remboursements du lot totalisent {total}, au-delà de la limite de remboursement de {name}.</translation>
    </message>
</context>
<context>
    <name>BatchFile</name>
    <message>
        <source>Line {line}: {problem}</source>
        <extracomment>A batch larger than this is better split: at Clover&apos;s 16 requests a second it already takes about half an hour to send. Header spellings accepted for each column (after lower-casing and turning spaces and dashes into underscores).</extracomment>
        <translation>Ligne {line}&#xa0;: {problem}</translation>
    </message>
    <message>
        <source>The file is empty: it has no header row and no refunds.</source>
        <translation>Le fichier est vide&#xa0;: il n&apos;a ni ligne d&apos;en-tête ni remboursements.</translation>
    </message>
    <message>
        <source>The file has more than {limit} refunds: split it into smaller batches.</source>
        <translation>Le fichier contient plus de {limit} remboursements&#xa0;: divisez-le en lots plus petits.</translation>
    </message>
    <message>
        <source>repeats line {line} exactly. Remove it, or give each refund its own note if both are meant.</source>
        <translation>reprend exactement la ligne {line}. Supprimez-la, ou donnez à chaque remboursement sa propre note si les deux sont voulus.</translation>
    </message>
    <message>
        <source>cannot be read as CSV ({error}).</source>
        <translation>illisible en CSV ({error}).</translation>
    </message>
    <message>
        <source>The file has a header row but no refunds.</source>
        <translation>Le fichier a une ligne d&apos;en-tête, mais aucun remboursement.</translation>
    </message>
    <message>
        <source>The file is saved as UTF-16 text. Save it as “CSV UTF-8” (comma delimited) and import it again.</source>
        <translation>Le fichier est enregistré en texte UTF-16. Enregistrez-le en « CSV UTF-8 » (délimité par des virgules) et importez-le de nouveau.</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text: line {line} has characters in another encoding (perhaps Windows-1252 or Latin-1). Save it as “CSV UTF-8” (comma delimited) and import it again; nothing was sent.</source>
        <translation>Le fichier n&apos;est pas du texte UTF-8&#xa0;: la ligne {line} contient des caractères d&apos;un autre encodage (peut-être Windows-1252 ou Latin-1). Enregistrez-le en « CSV UTF-8 » (délimité par des virgules) et importez-le de nouveau; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>semicolons</source>
        <translation>des points-virgules</translation>
    </message>
    <message>
        <source>tabs</source>
        <translation>des tabulations</translation>
    </message>
    <message>
        <source>vertical bars</source>
        <translation>des barres verticales</translation>
    </message>
    <message>
        <source>The file&apos;s columns are separated by {separator}, not commas. Save it as “CSV UTF-8” (comma delimited) and import it again; nothing was sent.</source>
        <translation>Les colonnes du fichier sont séparées par {separator}, pas par des virgules. Enregistrez-le en « CSV UTF-8 » (délimité par des virgules) et importez-le de nouveau; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>charge or order</source>
        <translation>charge ou order</translation>
    </message>
    <message>
        <source>The first row must name the columns: charge (or order), amount, reason, and optionally note and items. Missing: {columns}.</source>
        <translation>La première ligne doit nommer les colonnes (en anglais)&#xa0;: charge (ou order), amount, reason et, au besoin, note et items. Manquantes&#xa0;: {columns}.</translation>
    </message>
    <message>
        <source>has {count} columns, but the header names {expected}.</source>
        <translation>a {count} colonnes, mais l&apos;en-tête en nomme {expected}.</translation>
    </message>
    <message>
        <source>needs either a charge id or an order id (one of them).</source>
        <translation>doit avoir soit un n° de transaction, soit un n° de commande (l&apos;un des deux).</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <source>reason “{reason}” is not one of Clover&apos;s: {codes}.</source>
        <translation>le motif « {reason} » n&apos;est pas un de ceux de Clover&#xa0;: {codes}.</translation>
    </message>
    <message>
        <source>the note is longer than {count} characters.</source>
        <translation>la note dépasse {count} caractères.</translation>
    </message>
    <message>
        <source>amount “{amount}” is not an amount: write it like {example} (no currency sign or thousands separator), or full.</source>
        <translation>le montant « {amount} » n&apos;est pas un montant&#xa0;: écrivez-le comme {example} (avec un point, sans symbole de devise ni séparateur de milliers), ou full.</translation>
    </message>
    <message>
        <source>the amount is zero: there is nothing to refund.</source>
        <translation>le montant est zéro&#xa0;: il n&apos;y a rien à rembourser.</translation>
    </message>
    <message>
        <source>the amount is larger than any charge can be.</source>
        <translation>le montant dépasse ce que peut valoir une transaction.</translation>
    </message>
</context>
<context>
    <name>BatchQueue</name>
    <message>
        <source>The batch was cancelled before this row was sent.</source>
        <extracomment>Rows in flight at once (each on its own charge). Clover allows 5 requests in flight per token; four leaves one for the rest of the app while a batch runs. Delays before asking a row again when Clover could not be asked yet (seconds). Requests one row costs (read the charge fresh, send the refund): the ETA before any row has finished assumes Clover&apos;s 16 requests a second.</extracomment>
        <translation>Le lot a été annulé avant l&apos;envoi de cette ligne.</translation>
    </message>
    <message>
        <source>The batch has problems; nothing was sent.</source>
        <translation>Le lot a des problèmes; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>A manager must approve the batch.</source>
        <translation>Un gérant doit approuver le lot.</translation>
    </message>
    <message>
        <source>A manager&apos;s approval cannot be checked here, so nothing was sent.</source>
        <translation>L&apos;approbation d&apos;un gérant ne peut pas être vérifiée ici; rien n&apos;a donc été envoyé.</translation>
    </message>
</context>
<context>
    <name>BatchRefundDialog</name>
    <message>
        <source>Batch refund</source>
        <translation>Remboursement par lot</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>&amp;Importer un CSV…</translation>
    </message>
    <message>
        <source>Import a batch refund file</source>
        <translation>Importer un fichier de remboursements par lot</translation>
    </message>
    <message>
        <source>Reason for every selected row</source>
        <translation>Motif pour chaque ligne choisie</translation>
    </message>
    <message>
        <source>Note for every selected row</source>
        <translation>Note pour chaque ligne choisie</translation>
    </message>
    <message>
        <source>Note (optional for full refunds)</source>
        <translation>Note (facultative pour les remboursements complets)</translation>
    </message>
    <message>
        <source>C&amp;heck</source>
        <translation>&amp;Vérifier</translation>
    </message>
    <message>
        <source>Check the selected rows again</source>
        <translation>Vérifier de nouveau les lignes choisies</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Motif&#xa0;:</translation>
    </message>
    <message>
        <source>Problems in the batch, by line</source>
        <translation>Problèmes du lot, par ligne</translation>
    </message>
    <message>
        <source>Approving manager</source>
        <translation>Gérant qui approuve</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>NIP du gérant</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approuver</translation>
    </message>
    <message>
        <source>Approve the batch with the PIN</source>
        <translation>Approuver le lot avec le NIP</translation>
    </message>
    <message>
        <source>Manager:</source>
        <translation>Gérant&#xa0;:</translation>
    </message>
    <message>
        <source>Rows sent</source>
        <translation>Lignes envoyées</translation>
    </message>
    <message>
        <source>&amp;Send refunds</source>
        <translation>&amp;Envoyer les remboursements</translation>
    </message>
    <message>
        <source>Send every refund in the batch</source>
        <translation>Envoyer tous les remboursements du lot</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Pause or resume the batch</source>
        <translation>Mettre le lot en pause ou le reprendre</translation>
    </message>
    <message>
        <source>Cancel &amp;batch</source>
        <translation>Annuler le &amp;lot</translation>
    </message>
    <message>
        <source>Send none of the rows not sent yet</source>
        <translation>N&apos;envoyer aucune des lignes pas encore envoyées</translation>
    </message>
    <message>
        <source>Save &amp;result…</source>
        <translation>Enregistrer le &amp;résultat…</translation>
    </message>
    <message>
        <source>Save the result as CSV</source>
        <translation>Enregistrer le résultat en CSV</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message numerus="yes">
        <source>%n selected row(s), each refunded in full.</source>
        <translation>
            <numerusform>%n ligne choisie, remboursée au complet.</numerusform>
            <numerusform>%n lignes choisies, chacune remboursée au complet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Import a CSV file with the columns charge (or order), amount (or full), reason, note and, for item returns, items.</source>
        <translation>Importez un fichier CSV avec les colonnes charge (ou order), amount (ou full), reason, note et, pour les retours d&apos;articles, items.</translation>
    </message>
    <message>
        <source>Import batch refunds</source>
        <translation>Importer des remboursements par lot</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Fichier&#xa0;: %1</translation>
    </message>
    <message>
        <source>Could not read the file: %1</source>
        <translation>Impossible de lire le fichier&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>Checking %n row(s) with Clover…</source>
        <translation>
            <numerusform>Vérification de %n ligne auprès de Clover…</numerusform>
            <numerusform>Vérification de %n lignes auprès de Clover…</numerusform>
        </translation>
    </message>
    <message>
        <source>Batch of %1 at %2</source>
        <translation>Lot du %1 à %2</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s): nothing is sent until the file is fixed.</source>
        <translation>
            <numerusform>%n problème&#xa0;: rien n&apos;est envoyé tant que le fichier n&apos;est pas corrigé.</numerusform>
            <numerusform>%n problèmes&#xa0;: rien n&apos;est envoyé tant que le fichier n&apos;est pas corrigé.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n refund(s), %1 in total.</source>
        <translation>
            <numerusform>%n remboursement, %1 au total.</numerusform>
            <numerusform>%n remboursements, %1 au total.</numerusform>
        </translation>
    </message>
    <message>
        <source>By reason: %1</source>
        <translation>Par motif&#xa0;: %1</translation>
    </message>
    <message>
        <source>A manager must approve the batch as a whole.</source>
        <translation>Un gérant doit approuver le lot en entier.</translation>
    </message>
    <message>
        <source>Ready to send.</source>
        <translation>Prêt à envoyer.</translation>
    </message>
    <message>
        <source>No manager is set up to approve refunds.</source>
        <translation>Aucun gérant n&apos;est configuré pour approuver les remboursements.</translation>
    </message>
    <message>
        <source>Approved by %1. Send the refunds.</source>
        <translation>Approuvé par %1. Envoyez les remboursements.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Envoi en cours…</translation>
    </message>
    <message>
        <source>%1, sent by %2: not finished yet.</source>
        <translation>%1, envoyé par %2&#xa0;: pas encore terminé.</translation>
    </message>
    <message>
        <source>%1 of %2 rows done</source>
        <translation>%1 lignes sur %2 traitées</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>en pause</translation>
    </message>
    <message>
        <source>batch cancelled</source>
        <translation>lot annulé</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>terminé</translation>
    </message>
    <message numerus="yes">
        <source>About %n second(s) left</source>
        <translation>
            <numerusform>Environ %n seconde restante</numerusform>
            <numerusform>Environ %n secondes restantes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>About %n minute(s) left</source>
        <translation>
            <numerusform>Environ %n minute restante</numerusform>
            <numerusform>Environ %n minutes restantes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Send %n refund(s)</source>
        <translation>
            <numerusform>&amp;Envoyer %n remboursement</numerusform>
            <numerusform>&amp;Envoyer %n remboursements</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Reprendre</translation>
    </message>
    <message>
        <source>Save batch result</source>
        <translation>Enregistrer le résultat du lot</translation>
    </message>
    <message>
        <source>Could not save the result: %1</source>
        <translation>Impossible d&apos;enregistrer le résultat&#xa0;: %1</translation>
    </message>
    <message>
        <source>Saved the result to %1.</source>
        <translation>Résultat enregistré dans %1.</translation>
    </message>
</context>
<context>
    <name>BatchWords</name>
    <message numerus="yes">
        <source>Batch of %n refund(s)</source>
        <translation>
            <numerusform>Lot de %n remboursement</numerusform>
            <numerusform>Lot de %n remboursements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n charge(s)</source>
        <translation>
            <numerusform>%n transaction</numerusform>
            <numerusform>%n transactions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queued</source>
        <translation>
            <numerusform>%n en attente</numerusform>
            <numerusform>%n en attente</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refunded</source>
        <translation>
            <numerusform>%n remboursé</numerusform>
            <numerusform>%n remboursés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n échoué</numerusform>
            <numerusform>%n échoués</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not sent</source>
        <translation>
            <numerusform>%n non envoyé</numerusform>
            <numerusform>%n non envoyés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n being confirmed</source>
        <translation>
            <numerusform>%n en cours de confirmation</numerusform>
            <numerusform>%n en cours de confirmation</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cancelled</source>
        <translation>
            <numerusform>%n annulé</numerusform>
            <numerusform>%n annulés</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Breakdown</name>
    <message>
        <source>Over time</source>
        <translation>Dans le temps</translation>
    </message>
    <message>
        <source>By tender</source>
        <translation>Par mode de paiement</translation>
    </message>
    <message>
        <source>By staff member</source>
        <translation>Par membre du personnel</translation>
    </message>
</context>
<context>
    <name>CardEntry</name>
    <message>
        <source>Type the card number with the digits 0 to 9.</source>
        <translation>Tapez le numéro de carte avec les chiffres 0 à 9.</translation>
    </message>
    <message>
        <source>A card number has 12 to 19 digits.</source>
        <translation>Un numéro de carte compte de 12 à 19 chiffres.</translation>
    </message>
    <message>
        <source>This card number is mistyped (check digit).</source>
        <translation>Ce numéro de carte est mal tapé (chiffre de contrôle).</translation>
    </message>
    <message>
        <source>Type the expiry as MM/YY.</source>
        <translation>Tapez la date d&apos;expiration sous la forme MM/AA.</translation>
    </message>
    <message>
        <source>This card has expired.</source>
        <translation>Cette carte est expirée.</translation>
    </message>
    <message>
        <source>The expiry year is too far ahead.</source>
        <translation>L&apos;année d&apos;expiration est trop éloignée.</translation>
    </message>
    <message>
        <source>The security code has {digits} digits.</source>
        <translation>Le code de sécurité compte {digits} chiffres.</translation>
    </message>
    <message>
        <source>Check the card details and type them again.</source>
        <translation>Vérifiez les renseignements de la carte et tapez-les de nouveau.</translation>
    </message>
</context>
<context>
    <name>ChargeState</name>
    <message>
        <source>Any status</source>
        <translation>Tous les états</translation>
    </message>
    <message>
        <source>Captured</source>
        <translation>Capturée</translation>
    </message>
    <message>
        <source>Authorized (not captured)</source>
        <translation>Autorisée (non capturée)</translation>
    </message>
    <message>
        <source>Partially refunded</source>
        <translation>Remboursée en partie</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursée</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échouée</translation>
    </message>
</context>
<context>
    <name>Charges</name>
    <message>
        <source>Charge {charge} is {state}, not an open authorization.</source>
        <translation>La transaction {charge} est {state}; ce n&apos;est pas une autorisation ouverte.</translation>
    </message>
    <message>
        <source>Only authorized charges that were never captured can be captured.</source>
        <translation>Seules les transactions autorisées et jamais capturées peuvent être capturées.</translation>
    </message>
</context>
<context>
    <name>ChargesTab</name>
    <message>
        <source>Created</source>
        <translation>Créée le</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursé</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Search charges</source>
        <translation>Rechercher des transactions</translation>
    </message>
    <message>
        <source>Charge id, order id…</source>
        <translation>N° de transaction, n° de commande…</translation>
    </message>
    <message>
        <source>Charge status</source>
        <translation>État de la transaction</translation>
    </message>
    <message>
        <source>Minimum amount</source>
        <translation>Montant minimum</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Maximum amount</source>
        <translation>Montant maximum</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>Customer id</source>
        <translation>N° de client</translation>
    </message>
    <message>
        <source>Card last 4</source>
        <translation>4 derniers chiffres de la carte</translation>
    </message>
    <message>
        <source>Last 4</source>
        <translation>4 derniers</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <source>Charges</source>
        <translation>Transactions</translation>
    </message>
    <message>
        <source>No charges match. Clear the filters or widen the dates, then Search.</source>
        <translation>Aucune transaction ne correspond. Effacez les filtres ou élargissez les dates, puis cliquez sur Rechercher.</translation>
    </message>
    <message>
        <source>charges</source>
        <translation>transactions</translation>
    </message>
    <message>
        <source>Charge detail</source>
        <translation>Détail de la transaction</translation>
    </message>
    <message>
        <source>Ca&amp;pture</source>
        <translation>Ca&amp;pturer</translation>
    </message>
    <message>
        <source>Capture the authorized charge</source>
        <translation>Capturer la transaction autorisée</translation>
    </message>
    <message>
        <source>Capture this authorization (Ctrl+Shift+C)</source>
        <translation>Capturer cette autorisation (Ctrl+Maj+C)</translation>
    </message>
    <message>
        <source>&amp;Refund…</source>
        <translation>Re&amp;mbourser…</translation>
    </message>
    <message>
        <source>Refund the charge</source>
        <translation>Rembourser la transaction</translation>
    </message>
    <message>
        <source>Refund this charge (Ctrl+R)</source>
        <translation>Rembourser cette transaction (Ctrl+R)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Charge detail&lt;/b&gt;</source>
        <translation>&lt;b&gt;Détail de la transaction&lt;/b&gt;</translation>
    </message>
    <message>
        <source>searching charges</source>
        <translation>recherche des transactions</translation>
    </message>
    <message>
        <source>reading customer names</source>
        <translation>lecture des noms des clients</translation>
    </message>
    <message>
        <source>loading the charge</source>
        <translation>chargement de la transaction</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Taxes</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>Pourboire</translation>
    </message>
    <message>
        <source>Refunded so far</source>
        <translation>Remboursé jusqu&apos;ici</translation>
    </message>
    <message>
        <source>Left to refund</source>
        <translation>Reste à rembourser</translation>
    </message>
    <message>
        <source>&lt;/table&gt;&lt;h4&gt;Refunds&lt;/h4&gt;</source>
        <translation>&lt;/table&gt;&lt;h4&gt;Remboursements&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>No refunds yet.</source>
        <translation>Aucun remboursement pour l&apos;instant.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Reste</translation>
    </message>
    <message>
        <source>capturing the charge</source>
        <translation>capture de la transaction</translation>
    </message>
</context>
<context>
    <name>CloverCode</name>
    <message>
        <source>Open</source>
        <extracomment>Clover&apos;s order and payment codes (``paymentState``, ``result``), in words.</extracomment>
        <translation>Ouverte</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Verrouillée</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payée</translation>
    </message>
    <message>
        <source>Partially paid</source>
        <translation>Payée en partie</translation>
    </message>
    <message>
        <source>Partially refunded</source>
        <translation>Remboursée en partie</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursée</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Réussi</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Réussi</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échoué</translation>
    </message>
    <message>
        <source>Authorized</source>
        <translation>Autorisé</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Annulé</translation>
    </message>
</context>
<context>
    <name>CloverConnect</name>
    <message>
        <source>Choose sandbox or production.</source>
        <extracomment>How long the browser may take to come back (signing in, two-factor, approving). Opens a URL in the system browser; may return an awaitable (tests drive a browser).</extracomment>
        <translation>Choisissez bac à sable ou production.</translation>
    </message>
    <message>
        <source>Enter your Clover app id first (in Settings, or clover-desk.toml beside the program).</source>
        <translation>Entrez d&apos;abord l&apos;ID de votre application Clover (dans Paramètres, ou dans clover-desk.toml à côté du programme).</translation>
    </message>
    <message>
        <source>The Clover app id is letters and digits only.</source>
        <translation>L&apos;ID d&apos;application Clover ne contient que des lettres et des chiffres.</translation>
    </message>
    <message>
        <source>There is no legacy token to migrate for this profile.</source>
        <extracomment>The listener of the sign-in in progress (``None`` between sign-ins).</extracomment>
        <translation>Ce profil n&apos;a aucun ancien jeton à migrer.</translation>
    </message>
    <message>
        <source>Clover refused to migrate the token: {reason}</source>
        <translation>Clover a refusé de migrer le jeton&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>Check the app id, or connect again with Connect to Clover….</source>
        <translation>Vérifiez l&apos;ID d&apos;application, ou reconnectez-vous avec Se connecter à Clover….</translation>
    </message>
    <message>
        <source>Clover did not send the browser back to Clover Desk within {minutes} minute(s), so nothing was connected.</source>
        <translation>Clover n&apos;a pas renvoyé le navigateur vers Clover Desk dans les {minutes} minute(s) prévues; rien n&apos;a été connecté.</translation>
    </message>
    <message>
        <source>Start again, and finish signing in in the browser tab that opens.</source>
        <translation>Recommencez, et terminez la connexion dans l&apos;onglet du navigateur qui s&apos;ouvre.</translation>
    </message>
    <message>
        <source>The answer that reached Clover Desk did not belong to this sign-in, so it was ignored and nothing was connected.</source>
        <translation>La réponse reçue par Clover Desk n&apos;appartenait pas à cette connexion; elle a été ignorée et rien n&apos;a été connecté.</translation>
    </message>
    <message>
        <source>Start again from Clover Desk, and use only the tab it opens.</source>
        <translation>Recommencez à partir de Clover Desk, et n&apos;utilisez que l&apos;onglet qu&apos;il ouvre.</translation>
    </message>
    <message>
        <source>Clover refused the sign-in: {reason}</source>
        <translation>Clover a refusé la connexion&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>Start again. If it keeps failing, check that the app id is your Clover app&apos;s id.</source>
        <translation>Recommencez. Si l&apos;échec persiste, vérifiez que l&apos;ID est bien celui de votre application Clover.</translation>
    </message>
    <message>
        <source>Clover Desk could not finish the sign-in with Clover: {reason}</source>
        <translation>Clover Desk n&apos;a pas pu terminer la connexion avec Clover&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>Check the internet connection and start again; nothing was stored.</source>
        <translation>Vérifiez la connexion Internet et recommencez; rien n&apos;a été enregistré.</translation>
    </message>
    <message>
        <source>Clover approved the connection, but reading the merchant failed: {reason}</source>
        <translation>Clover a approuvé la connexion, mais la lecture du marchand a échoué&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>Nothing was stored. Try connecting again.</source>
        <translation>Rien n&apos;a été enregistré. Essayez de vous connecter de nouveau.</translation>
    </message>
    <message>
        <source>Clover Desk was not approved in Clover, so nothing was connected.</source>
        <translation>Clover Desk n&apos;a pas été approuvé dans Clover; rien n&apos;a été connecté.</translation>
    </message>
    <message>
        <source>Start again and choose Approve if you want to connect this merchant.</source>
        <translation>Recommencez et choisissez Approuver pour connecter ce marchand.</translation>
    </message>
    <message>
        <source>Clover could not start the sign-in: {reason}.</source>
        <translation>Clover n&apos;a pas pu lancer la connexion&#xa0;: {reason}.</translation>
    </message>
    <message>
        <source>Check the app id and its redirect settings in your Clover developer account.</source>
        <translation>Vérifiez l&apos;ID d&apos;application et ses paramètres de redirection dans votre compte de développeur Clover.</translation>
    </message>
    <message>
        <source>Start again.</source>
        <translation>Recommencez.</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Clover Desk could not open the web browser.</source>
        <translation>Clover Desk n&apos;a pas pu ouvrir le navigateur Web.</translation>
    </message>
    <message>
        <source>Set a default web browser for this computer, then try again.</source>
        <translation>Choisissez un navigateur Web par défaut pour cet ordinateur, puis réessayez.</translation>
    </message>
    <message>
        <source>Connect to Clover</source>
        <translation>Se connecter à Clover</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>North America</source>
        <translation>Amérique du Nord</translation>
    </message>
    <message>
        <source>Europe</source>
        <translation>Europe</translation>
    </message>
    <message>
        <source>Latin America</source>
        <translation>Amérique latine</translation>
    </message>
    <message>
        <source>Sandbox (the training sandbox on this computer)</source>
        <translation>Bac à sable (le bac à sable de formation sur cet ordinateur)</translation>
    </message>
    <message>
        <source>Sandbox (Clover&apos;s test servers)</source>
        <translation>Bac à sable (serveurs de test de Clover)</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Production (real money)</source>
        <translation>Production (argent réel)</translation>
    </message>
    <message>
        <source>Clover app id</source>
        <translation>ID d&apos;application Clover</translation>
    </message>
    <message>
        <source>your Clover app&apos;s id</source>
        <translation>l&apos;ID de votre application Clover</translation>
    </message>
    <message>
        <source>The Clover app id is the App ID of your (or your reseller&apos;s) app in the Clover developer dashboard. Clover Desk signs in as that app; your password is typed in the browser, never here.</source>
        <translation>L&apos;ID d&apos;application Clover est l&apos;App ID de votre application (ou de celle de votre revendeur) dans le tableau de bord des développeurs Clover. Clover Desk se connecte en tant que cette application; votre mot de passe se tape dans le navigateur, jamais ici.</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>Se &amp;connecter</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancel connecting</source>
        <translation>Annuler la connexion</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Close this dialog</source>
        <translation>Fermer cette fenêtre</translation>
    </message>
    <message>
        <source>Connection result</source>
        <translation>Résultat de la connexion</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>Ré&amp;gion&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Environnement&#xa0;:</translation>
    </message>
    <message>
        <source>Clover &amp;app id:</source>
        <translation>ID d&apos;&amp;application Clover&#xa0;:</translation>
    </message>
    <message>
        <source>Waiting for you to sign in and approve Clover Desk in the browser…</source>
        <translation>En attente de votre connexion et de votre approbation de Clover Desk dans le navigateur…</translation>
    </message>
    <message>
        <source>Connecting was cancelled; nothing was stored.</source>
        <translation>La connexion a été annulée; rien n&apos;a été enregistré.</translation>
    </message>
    <message>
        <source>✘ Connecting failed: {0}. Nothing was stored.</source>
        <translation>✘ La connexion a échoué&#xa0;: {0}. Rien n&apos;a été enregistré.</translation>
    </message>
    <message>
        <source>✔ Connected to {0} ({1}).</source>
        <translation>✔ Connecté à {0} ({1}).</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Clover Desk: unexpected error</source>
        <translation>Clover Desk&#xa0;: erreur inattendue</translation>
    </message>
    <message>
        <source>Something went wrong inside Clover Desk ({error}).

The app is still running, and the details are in the log. If a money operation was under way, refresh and check it before repeating it.</source>
        <translation>Un problème est survenu dans Clover Desk ({error}).

L&apos;application fonctionne toujours, et les détails sont dans le journal. Si une opération d&apos;argent était en cours, actualisez et vérifiez-la avant de la refaire.</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>Edit customer</source>
        <translation>Modifier le client</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Nouveau client</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nom de famille</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Courriel</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Street address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ville</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;Prénom&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Last name:</source>
        <translation>&amp;Nom de famille&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Courriel&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Téléphone&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse&#xa0;:</translation>
    </message>
    <message>
        <source>City:</source>
        <translation>Ville&#xa0;:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Province&#xa0;:</translation>
    </message>
    <message>
        <source>Postal code:</source>
        <translation>Code postal&#xa0;:</translation>
    </message>
</context>
<context>
    <name>Customers</name>
    <message>
        <source>Type a first or last name.</source>
        <extracomment>Expansions for lists and the detail (Clover allows three per call).</extracomment>
        <translation>Tapez un prénom ou un nom de famille.</translation>
    </message>
    <message>
        <source>The email address is not valid.</source>
        <translation>L&apos;adresse courriel n&apos;est pas valide.</translation>
    </message>
    <message>
        <source>The phone number is too short.</source>
        <translation>Le numéro de téléphone est trop court.</translation>
    </message>
</context>
<context>
    <name>CustomersTab</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Courriel</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Cards on file</source>
        <translation>Cartes au dossier</translation>
    </message>
    <message>
        <source>Customer since</source>
        <translation>Client depuis</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>Rechercher des clients</translation>
    </message>
    <message>
        <source>Name, email, phone…</source>
        <translation>Nom, courriel, téléphone…</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <source>&amp;New customer…</source>
        <translation>&amp;Nouveau client…</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Nouveau client</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>No customers match. Try part of a name, an email or a phone number, or add one with New customer…</source>
        <translation>Aucun client ne correspond. Essayez une partie d&apos;un nom, un courriel ou un numéro de téléphone, ou ajoutez-en un avec Nouveau client…</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>clients</translation>
    </message>
    <message>
        <source>Customer detail</source>
        <translation>Détail du client</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation>Modifier le client</translation>
    </message>
    <message>
        <source>Add &amp;card…</source>
        <translation>Ajouter une &amp;carte…</translation>
    </message>
    <message>
        <source>Add a card on file</source>
        <translation>Ajouter une carte au dossier</translation>
    </message>
    <message>
        <source>Card on file</source>
        <translation>Carte au dossier</translation>
    </message>
    <message>
        <source>Re&amp;voke card</source>
        <translation>Ré&amp;voquer la carte</translation>
    </message>
    <message>
        <source>Revoke the card</source>
        <translation>Révoquer la carte</translation>
    </message>
    <message>
        <source>&lt;b&gt;Customer detail&lt;/b&gt;</source>
        <translation>&lt;b&gt;Détail du client&lt;/b&gt;</translation>
    </message>
    <message>
        <source>searching customers</source>
        <translation>recherche des clients</translation>
    </message>
    <message>
        <source>loading the customer</source>
        <translation>chargement du client</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Email:&lt;/b&gt; {emails}&lt;br&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Courriel&#xa0;:&lt;/b&gt; {emails}&lt;br&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Phone:&lt;/b&gt; {phones}&lt;/p&gt;</source>
        <translation>&lt;b&gt;Téléphone&#xa0;:&lt;/b&gt; {phones}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Addresses&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;Adresses&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;None.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Aucun.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Cards on file&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;Cartes au dossier&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;{card} (expires {expiry})&lt;/p&gt;</source>
        <translation>&lt;p&gt;{card} (expire {expiry})&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Charges&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;Transactions&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;{when} {charge}: {amount} (order {order})&lt;/p&gt;</source>
        <translation>&lt;p&gt;{when} {charge}&#xa0;: {amount} (commande {order})&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Orders&lt;/h4&gt;&lt;p&gt;{orders}&lt;/p&gt;</source>
        <translation>&lt;h4&gt;Commandes&lt;/h4&gt;&lt;p&gt;{orders}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>Aucune.</translation>
    </message>
    <message>
        <source>creating the customer</source>
        <translation>création du client</translation>
    </message>
    <message>
        <source>saving the customer</source>
        <translation>enregistrement du client</translation>
    </message>
    <message>
        <source>adding the card</source>
        <translation>ajout de la carte</translation>
    </message>
    <message>
        <source>revoking the card</source>
        <translation>révocation de la carte</translation>
    </message>
</context>
<context>
    <name>DateRange</name>
    <message>
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>Filter by date</source>
        <translation>Filtrer par date</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Date de début</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Date de fin</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <source>Today {time}</source>
        <translation>Aujourd&apos;hui {time}</translation>
    </message>
    <message>
        <source>Yesterday {time}</source>
        <translation>Hier {time}</translation>
    </message>
    <message>
        <source>{date} {time}</source>
        <translation>{date} {time}</translation>
    </message>
    <message>
        <source>today at {time}</source>
        <translation>aujourd&apos;hui à {time}</translation>
    </message>
    <message>
        <source>yesterday at {time}</source>
        <translation>hier à {time}</translation>
    </message>
    <message>
        <source>{date} at {time}</source>
        <translation>le {date} à {time}</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <source>Switch user.</source>
        <extracomment>How often a synced history catches up with Clover (``modifiedTime`` lists). Days of history the self-test syncs (the demo merchant&apos;s orders span 90). Demo orders in the self-test&apos;s sandbox: enough to page, quick to seed. How long the self-test waits for a tab&apos;s background jobs (names) before its picture.</extracomment>
        <translation>Changez d&apos;utilisateur.</translation>
    </message>
    <message>
        <source>Starting the training sandbox…</source>
        <translation>Démarrage du bac à sable de formation…</translation>
    </message>
    <message>
        <source>Sign in to {merchant}.</source>
        <translation>Connectez-vous à {merchant}.</translation>
    </message>
    <message>
        <source>confirming earlier refunds</source>
        <translation>confirmation des remboursements antérieurs</translation>
    </message>
    <message>
        <source>Training (built in)</source>
        <translation>Formation (intégrée)</translation>
    </message>
    <message>
        <source>Sign in to switch merchants.</source>
        <translation>Connectez-vous pour changer de marchand.</translation>
    </message>
    <message>
        <source>switching to training</source>
        <translation>passage à la formation</translation>
    </message>
    <message>
        <source>switching to {profile}</source>
        <translation>passage à {profile}</translation>
    </message>
    <message>
        <source>bringing the history up to date</source>
        <translation>mise à jour de l&apos;historique</translation>
    </message>
    <message>
        <source>Clover Desk is locked. Sign in to continue.</source>
        <translation>Clover Desk est verrouillé. Connectez-vous pour continuer.</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Only an owner can manage staff accounts.</source>
        <translation>Seul un propriétaire peut gérer les comptes du personnel.</translation>
    </message>
    <message>
        <source>Switch user (Ctrl+L) to the owner&apos;s account.</source>
        <translation>Passez au compte du propriétaire (Ctrl+L).</translation>
    </message>
    <message>
        <source>opening profile {profile}</source>
        <translation>ouverture du profil {profile}</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Only an owner can change profiles and Clover tokens.</source>
        <translation>Seul un propriétaire peut modifier les profils et les jetons Clover.</translation>
    </message>
    <message>
        <source>Connected to {merchant} ({merchant_id}, {currency}).</source>
        <translation>Connecté à {merchant} ({merchant_id}, {currency}).</translation>
    </message>
</context>
<context>
    <name>DetailView</name>
    <message>
        <source>Select a row to see its detail.</source>
        <translation>Choisissez une ligne pour en voir le détail.</translation>
    </message>
</context>
<context>
    <name>EntryStatus</name>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Réussi</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échoué</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
</context>
<context>
    <name>Environment</name>
    <message>
        <source>sandbox</source>
        <translation>bac à sable</translation>
    </message>
    <message>
        <source>production</source>
        <translation>production</translation>
    </message>
    <message>
        <source>training</source>
        <translation>formation</translation>
    </message>
</context>
<context>
    <name>FeedLoader</name>
    <message>
        <source>loading more {rows}</source>
        <translation>chargement de plus de {rows}</translation>
    </message>
</context>
<context>
    <name>Feedback</name>
    <message>
        <source>{operation} failed</source>
        <translation>Échec&#xa0;: {operation}</translation>
    </message>
    <message>
        <source>Correct it and try again.</source>
        <translation>Corrigez-le et réessayez.</translation>
    </message>
    <message>
        <source>The card was declined: ask for another card or payment method.</source>
        <translation>La carte a été refusée&#xa0;: demandez une autre carte ou un autre mode de paiement.</translation>
    </message>
    <message>
        <source>The connection dropped before Clover answered, so it may or may not have happened. Refresh and check before trying again.</source>
        <translation>La connexion a été coupée avant la réponse de Clover; l&apos;opération a peut-être eu lieu, peut-être pas. Actualisez et vérifiez avant de réessayer.</translation>
    </message>
    <message>
        <source>The token was refused: open Settings, check the profile&apos;s tokens and use Test connection.</source>
        <translation>Le jeton a été refusé&#xa0;: ouvrez Paramètres, vérifiez les jetons du profil et utilisez Tester la connexion.</translation>
    </message>
    <message>
        <source>The token lacks this permission: ask the account owner to grant it.</source>
        <translation>Le jeton n&apos;a pas cette autorisation&#xa0;: demandez-la au propriétaire du compte.</translation>
    </message>
    <message>
        <source>It may have been deleted elsewhere: refresh the list.</source>
        <translation>Il a peut-être été supprimé ailleurs&#xa0;: actualisez la liste.</translation>
    </message>
    <message>
        <source>Clover is asking us to slow down: wait a few seconds and try again.</source>
        <translation>Clover nous demande de ralentir&#xa0;: attendez quelques secondes et réessayez.</translation>
    </message>
    <message>
        <source>Clover could not be reached: check the network connection and try again.</source>
        <translation>Impossible de joindre Clover&#xa0;: vérifiez la connexion réseau et réessayez.</translation>
    </message>
    <message>
        <source>Clover is having trouble right now: try again in a minute.</source>
        <translation>Clover éprouve des difficultés en ce moment&#xa0;: réessayez dans une minute.</translation>
    </message>
    <message>
        <source>Clover answered in a form this version does not understand: report it.</source>
        <translation>Clover a répondu sous une forme que cette version ne comprend pas&#xa0;: signalez-le.</translation>
    </message>
    <message>
        <source>Clover refused the request: check the values and try again.</source>
        <translation>Clover a refusé la demande&#xa0;: vérifiez les valeurs et réessayez.</translation>
    </message>
    <message>
        <source>This merchant&apos;s region does not offer it.</source>
        <translation>La région de ce marchand ne l&apos;offre pas.</translation>
    </message>
    <message>
        <source>Secure storage is unavailable: tokens cannot be saved on this system.</source>
        <translation>Le stockage sécurisé n&apos;est pas disponible&#xa0;: les jetons ne peuvent pas être enregistrés sur ce système.</translation>
    </message>
    <message>
        <source>Try again; if it keeps failing, check Settings.</source>
        <translation>Réessayez; si l&apos;échec persiste, vérifiez les Paramètres.</translation>
    </message>
    <message>
        <source>Check the network connection and try again.</source>
        <translation>Vérifiez la connexion réseau et réessayez.</translation>
    </message>
    <message>
        <source>This is a defect in Clover Desk: it has been logged. Try again or restart.</source>
        <translation>C&apos;est une anomalie de Clover Desk&#xa0;: elle a été consignée. Réessayez ou redémarrez.</translation>
    </message>
</context>
<context>
    <name>GiftCards</name>
    <message>
        <source>A gift card number has 12 to 19 digits.</source>
        <translation>Un numéro de carte-cadeau compte de 12 à 19 chiffres.</translation>
    </message>
    <message>
        <source>Check the number on the card.</source>
        <translation>Vérifiez le numéro sur la carte.</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Le montant doit être supérieur à zéro.</translation>
    </message>
    <message>
        <source>Type the virtual card&apos;s promotional code.</source>
        <translation>Tapez le code promotionnel de la carte virtuelle.</translation>
    </message>
</context>
<context>
    <name>GiftCardsTab</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Opération</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Solde après</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Gift card number</source>
        <translation>Numéro de carte-cadeau</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>Numéro de carte</translation>
    </message>
    <message>
        <source>Security code</source>
        <translation>Code de sécurité</translation>
    </message>
    <message>
        <source>Virtual card promo code</source>
        <translation>Code promotionnel de la carte virtuelle</translation>
    </message>
    <message>
        <source>Promo code</source>
        <translation>Code promo</translation>
    </message>
    <message>
        <source>&amp;Activate</source>
        <translation>&amp;Activer</translation>
    </message>
    <message>
        <source>Activate card</source>
        <translation>Activer la carte</translation>
    </message>
    <message>
        <source>&amp;Balance</source>
        <translation>&amp;Solde</translation>
    </message>
    <message>
        <source>Balance inquiry</source>
        <translation>Consulter le solde</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Recharger</translation>
    </message>
    <message>
        <source>Reload card</source>
        <translation>Recharger la carte</translation>
    </message>
    <message>
        <source>Cash &amp;out</source>
        <translation>&amp;Encaisser</translation>
    </message>
    <message>
        <source>Cash out card</source>
        <translation>Encaisser le solde de la carte</translation>
    </message>
    <message>
        <source>Activate &amp;virtual</source>
        <translation>Activer une carte &amp;virtuelle</translation>
    </message>
    <message>
        <source>Activate a virtual card</source>
        <translation>Activer une carte virtuelle</translation>
    </message>
    <message>
        <source>Activate a virtual card with this promo code for the amount typed</source>
        <translation>Activer une carte virtuelle avec ce code promo pour le montant inscrit</translation>
    </message>
    <message>
        <source>Virtual card:</source>
        <translation>Carte virtuelle :</translation>
    </message>
    <message>
        <source>Type or swipe a card number, then choose Balance, Activate, Reload or Cash out. What happened shows here.</source>
        <translation>Tapez ou glissez un numéro de carte, puis choisissez Solde, Activer, Recharger ou Encaisser le solde. Le résultat s&apos;affiche ici.</translation>
    </message>
    <message>
        <source>No gift-card operations from this computer yet. Activate or reload a card above and it is listed here.</source>
        <translation>Aucune opération de carte-cadeau sur cet ordinateur pour l&apos;instant. Activez ou rechargez une carte ci-dessus : elle paraîtra ici.</translation>
    </message>
    <message>
        <source>Last operation</source>
        <translation>Dernière opération</translation>
    </message>
    <message>
        <source>Result of the last operation</source>
        <translation>Résultat de la dernière opération</translation>
    </message>
    <message>
        <source>Gift card history</source>
        <translation>Historique des cartes-cadeaux</translation>
    </message>
    <message>
        <source>activating the gift card</source>
        <translation>activation de la carte-cadeau</translation>
    </message>
    <message>
        <source>checking the gift card balance</source>
        <translation>consultation du solde de la carte-cadeau</translation>
    </message>
    <message>
        <source>reloading the gift card</source>
        <translation>recharge de la carte-cadeau</translation>
    </message>
    <message>
        <source>cashing out the gift card</source>
        <translation>encaissement du solde de la carte-cadeau</translation>
    </message>
    <message>
        <source>activating a virtual gift card</source>
        <translation>activation d&apos;une carte-cadeau virtuelle</translation>
    </message>
    <message>
        <source>Type the amount, like 25.00.</source>
        <translation>Tapez le montant, par exemple 25,00.</translation>
    </message>
    <message>
        <source>{operation}: card •••• {last4}</source>
        <translation>{operation}&#xa0;: carte •••• {last4}</translation>
    </message>
    <message>
        <source>amount {amount}</source>
        <translation>montant {amount}</translation>
    </message>
    <message>
        <source>balance now {amount}</source>
        <translation>nouveau solde {amount}</translation>
    </message>
    <message>
        <source>Give the customer this card number: {number}</source>
        <translation>Remettez au client ce numéro de carte&#xa0;: {number}</translation>
    </message>
</context>
<context>
    <name>GiftOperation</name>
    <message>
        <source>Activate</source>
        <translation>Activation</translation>
    </message>
    <message>
        <source>Activate virtual</source>
        <translation>Activation virtuelle</translation>
    </message>
    <message>
        <source>Balance inquiry</source>
        <translation>Consultation du solde</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>Encaissement du solde</translation>
    </message>
</context>
<context>
    <name>Granularity</name>
    <message>
        <source>Daily</source>
        <translation>Par jour</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>Par semaine</translation>
    </message>
</context>
<context>
    <name>HistoryRows</name>
    <message>
        <source>Created</source>
        <extracomment>What the store sorts by for each column (``OrdersTab`` sorts the stored orders there).</extracomment>
        <translation>Créée le</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payé</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursé</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>Pourboire</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>Mode de paiement</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>The local history has not been synced yet.</source>
        <translation>L&apos;historique local n&apos;a pas encore été synchronisé.</translation>
    </message>
    <message>
        <source>From the local history, as of {moment} (available offline).</source>
        <translation>Tiré de l&apos;historique local, mis à jour {moment} (disponible hors ligne).</translation>
    </message>
</context>
<context>
    <name>HistorySync</name>
    <message>
        <source>{hours} h {minutes} min</source>
        <extracomment>outside the export service&apos;s hours; resumes by itself</extracomment>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>Not synced yet.</source>
        <translation>Pas encore synchronisé.</translation>
    </message>
    <message>
        <source>Reading tenders, staff and customers…</source>
        <translation>Lecture des modes de paiement, du personnel et des clients…</translation>
    </message>
    <message>
        <source>Sync cancelled; it will continue from here.</source>
        <translation>Synchronisation annulée; elle reprendra d&apos;ici.</translation>
    </message>
    <message>
        <source>Sync failed: {reason}</source>
        <translation>La synchronisation a échoué&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>History is up to date.</source>
        <translation>L&apos;historique est à jour.</translation>
    </message>
    <message>
        <source>Looking for changes…</source>
        <translation>Recherche des changements…</translation>
    </message>
    <message>
        <source>Sync cancelled.</source>
        <translation>Synchronisation annulée.</translation>
    </message>
    <message>
        <source>Exporting {count} window(s) of history from {start} to {end}…</source>
        <translation>Exportation de {count} tranche(s) d&apos;historique du {start} au {end}…</translation>
    </message>
    <message>
        <source>The export service is open again; syncing…</source>
        <translation>Le service d&apos;exportation est de nouveau ouvert; synchronisation…</translation>
    </message>
    <message>
        <source>Clover&apos;s export service is closed now. It opens {opens} UTC (in {wait}); the sync will carry on by itself then.</source>
        <translation>Le service d&apos;exportation de Clover est fermé pour le moment. Il ouvre {opens} UTC (dans {wait}); la synchronisation reprendra d&apos;elle-même à ce moment-là.</translation>
    </message>
    <message>
        <source>Clover&apos;s export service is closed now ({hours}). Trying again in {wait}.</source>
        <translation>Le service d&apos;exportation de Clover est fermé pour le moment ({hours}). Nouvel essai dans {wait}.</translation>
    </message>
    <message>
        <source>Catching up on changes since {day}…</source>
        <translation>Rattrapage des changements depuis le {day}…</translation>
    </message>
</context>
<context>
    <name>Interval</name>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Semaine</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mois</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Année</translation>
    </message>
    <message>
        <source>every day</source>
        <translation>chaque jour</translation>
    </message>
    <message>
        <source>every week</source>
        <translation>chaque semaine</translation>
    </message>
    <message>
        <source>every month</source>
        <translation>chaque mois</translation>
    </message>
    <message>
        <source>every year</source>
        <translation>chaque année</translation>
    </message>
    <message>
        <source>every {count} days</source>
        <translation>tous les {count} jours</translation>
    </message>
    <message>
        <source>every {count} weeks</source>
        <translation>toutes les {count} semaines</translation>
    </message>
    <message>
        <source>every {count} months</source>
        <translation>tous les {count} mois</translation>
    </message>
    <message>
        <source>every {count} years</source>
        <translation>tous les {count} ans</translation>
    </message>
</context>
<context>
    <name>Journal</name>
    <message>
        <source>A refund of {amount} on this charge (started by {staff}) is still being settled with Clover. Wait for it before refunding again.</source>
        <translation>Un remboursement de {amount} sur cette transaction (lancé par {staff}) est encore en cours de règlement avec Clover. Attendez qu&apos;il soit réglé avant de rembourser de nouveau.</translation>
    </message>
</context>
<context>
    <name>MainStatusBar</name>
    <message>
        <source>Not connected yet</source>
        <translation>Pas encore connecté</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Token refused</source>
        <translation>Jeton refusé</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Connectivity</source>
        <translation>Connectivité</translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation>Requêtes en cours</translation>
    </message>
    <message>
        <source>Clover asked to wait</source>
        <translation>Clover demande d&apos;attendre</translation>
    </message>
    <message>
        <source>Running operations</source>
        <translation>Opérations en cours</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancel running operations</source>
        <translation>Annuler les opérations en cours</translation>
    </message>
    <message>
        <source>Cancel what is running (Esc)</source>
        <translation>Annuler ce qui est en cours (Échap)</translation>
    </message>
    <message>
        <source>No profile</source>
        <translation>Aucun profil</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>Profile: {name}</source>
        <translation>Profil&#xa0;: {name}</translation>
    </message>
    <message>
        <source>{count} in flight</source>
        <translation>{count} en cours</translation>
    </message>
    <message numerus="yes">
        <source>Clover asked us to slow down: waiting %n second(s)</source>
        <translation>
            <numerusform>Clover nous demande de ralentir&#xa0;: attente de %n seconde</numerusform>
            <numerusform>Clover nous demande de ralentir&#xa0;: attente de %n secondes</numerusform>
        </translation>
    </message>
    <message>
        <source> (+{count} more)</source>
        <translation> (+{count} de plus)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Clover Desk</source>
        <translation>Clover Desk</translation>
    </message>
    <message>
        <source>Training: this is the practice sandbox on this computer. No real money moves.</source>
        <extracomment>Who is signed in, and the directory a manager&apos;s approval is checked against; both are set by the composition root.</extracomment>
        <translation>Formation&#xa0;: voici le bac à sable d&apos;exercice sur cet ordinateur. Aucun argent réel ne circule.</translation>
    </message>
    <message>
        <source>Training mode</source>
        <translation>Mode formation</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <source>Main sections</source>
        <translation>Sections principales</translation>
    </message>
    <message>
        <source>Signed-in staff member</source>
        <translation>Membre du personnel connecté</translation>
    </message>
    <message>
        <source>Switch &amp;merchant</source>
        <translation>Changer de &amp;marchand</translation>
    </message>
    <message>
        <source>Switch merchant</source>
        <translation>Changer de marchand</translation>
    </message>
    <message>
        <source>Merchant ▾</source>
        <translation>Marchand ▾</translation>
    </message>
    <message>
        <source>Switch to another connected merchant</source>
        <translation>Passer à un autre marchand connecté</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>S&amp;taff…</source>
        <translation>Pe&amp;rsonnel…</translation>
    </message>
    <message>
        <source>S&amp;witch user…</source>
        <translation>Changer d&apos;&amp;utilisateur…</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Verrouiller</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>&amp;Actions</translation>
    </message>
    <message>
        <source>&amp;Open detail</source>
        <translation>&amp;Ouvrir le détail</translation>
    </message>
    <message>
        <source>Re&amp;fund selected charge…</source>
        <translation>Rem&amp;bourser la transaction choisie…</translation>
    </message>
    <message>
        <source>&amp;Batch refund…</source>
        <translation>Remboursement par &amp;lot…</translation>
    </message>
    <message>
        <source>&amp;Capture selected charge</source>
        <translation>&amp;Capturer la transaction choisie</translation>
    </message>
    <message>
        <source>&amp;New order…</source>
        <translation>&amp;Nouvelle commande…</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>A&amp;ller à</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>&amp;About Clover Desk</source>
        <translation>À &amp;propos de Clover Desk</translation>
    </message>
    <message>
        <source>Clover Desk — Training</source>
        <translation>Clover Desk — Formation</translation>
    </message>
    <message>
        <source>Clover Desk — {profile} (PRODUCTION)</source>
        <translation>Clover Desk — {profile} (PRODUCTION)</translation>
    </message>
    <message>
        <source>Clover Desk — {profile} ({environment})</source>
        <translation>Clover Desk — {profile} ({environment})</translation>
    </message>
    <message>
        <source>refreshing {tab}</source>
        <translation>actualisation&#xa0;: {tab}</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <source>Nobody is signed in.</source>
        <translation>Personne n&apos;est connecté.</translation>
    </message>
    <message>
        <source>Sign in, then refund again.</source>
        <translation>Connectez-vous, puis relancez le remboursement.</translation>
    </message>
    <message>
        <source>opening the refund</source>
        <translation>ouverture du remboursement</translation>
    </message>
    <message>
        <source>Batch refund</source>
        <translation>Remboursement par lot</translation>
    </message>
    <message>
        <source>Sign in, then open the batch refund again.</source>
        <translation>Ouvrez une session, puis rouvrez le remboursement par lot.</translation>
    </message>
    <message>
        <source>opening the batch</source>
        <translation>ouverture du lot</translation>
    </message>
    <message>
        <source>{title}: {detail} {advice}</source>
        <translation>{title}&#xa0;: {detail} {advice}</translation>
    </message>
    <message>
        <source>About Clover Desk</source>
        <translation>À propos de Clover Desk</translation>
    </message>
    <message>
        <source>Clover Desk: a back office for Clover merchants.
With no profile configured it runs against the local training sandbox.</source>
        <translation>Clover Desk&#xa0;: l&apos;arrière-boutique des marchands Clover.
Sans profil configuré, il fonctionne avec le bac à sable de formation local.</translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation>&amp;Activité</translation>
    </message>
    <message>
        <source>&amp;Charges &amp;&amp; refunds</source>
        <translation>&amp;Transactions et remboursements</translation>
    </message>
    <message>
        <source>C&amp;ustomers &amp;&amp; cards</source>
        <translation>C&amp;lients et cartes</translation>
    </message>
    <message>
        <source>&amp;Gift cards</source>
        <translation>Cartes-&amp;cadeaux</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>C&amp;ommandes</translation>
    </message>
    <message>
        <source>Subscription &amp;plans</source>
        <translation>&amp;Forfaits d&apos;abonnement</translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>&amp;Rapports</translation>
    </message>
</context>
<context>
    <name>MovementKind</name>
    <message>
        <source>Item return</source>
        <translation>Retour d&apos;articles</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
</context>
<context>
    <name>Naming</name>
    <message>
        <source>Card</source>
        <extracomment>What a cell says when there is no name to show. Clover&apos;s card brand codes and the brand&apos;s own name (a name, so never translated).</extracomment>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Gift card</source>
        <translation>Carte-cadeau</translation>
    </message>
</context>
<context>
    <name>NewOrderDialog</name>
    <message>
        <source>New order</source>
        <extracomment>Milliseconds to wait after the last change before asking Clover for totals.</extracomment>
        <translation>Nouvelle commande</translation>
    </message>
    <message>
        <source>Filter items</source>
        <translation>Filtrer les articles</translation>
    </message>
    <message>
        <source>Filter items…</source>
        <translation>Filtrer les articles…</translation>
    </message>
    <message>
        <source>Inventory items</source>
        <translation>Articles en inventaire</translation>
    </message>
    <message>
        <source>Modifiers</source>
        <translation>Modificateurs</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Rabais sur la ligne</translation>
    </message>
    <message>
        <source>&amp;Add to order</source>
        <translation>&amp;Ajouter à la commande</translation>
    </message>
    <message>
        <source>Add to order</source>
        <translation>Ajouter à la commande</translation>
    </message>
    <message>
        <source>Modifiers:</source>
        <translation>Modificateurs&#xa0;:</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qté</translation>
    </message>
    <message>
        <source>Order lines</source>
        <translation>Lignes de la commande</translation>
    </message>
    <message>
        <source>Re&amp;move line</source>
        <translation>Reti&amp;rer la ligne</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>Retirer la ligne</translation>
    </message>
    <message>
        <source>Order discount</source>
        <translation>Rabais sur la commande</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Sous-total</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Taxes</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>&amp;Create order</source>
        <translation>&amp;Créer la commande</translation>
    </message>
    <message>
        <source>Create order</source>
        <translation>Créer la commande</translation>
    </message>
    <message>
        <source>creating the order</source>
        <translation>création de la commande</translation>
    </message>
    <message>
        <source>Order discount:</source>
        <translation>Rabais sur la commande&#xa0;:</translation>
    </message>
    <message>
        <source>Subtotal:</source>
        <translation>Sous-total&#xa0;:</translation>
    </message>
    <message>
        <source>Tax:</source>
        <translation>Taxes&#xa0;:</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>Total&#xa0;:</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <source>Card on &amp;file</source>
        <translation>Carte au &amp;dossier</translation>
    </message>
    <message>
        <source>Card on file</source>
        <translation>Carte au dossier</translation>
    </message>
    <message>
        <source>New c&amp;ard</source>
        <translation>Nouvelle c&amp;arte</translation>
    </message>
    <message>
        <source>New card</source>
        <translation>Nouvelle carte</translation>
    </message>
    <message>
        <source>Customer with a card on file</source>
        <translation>Client avec une carte au dossier</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>Numéro de carte</translation>
    </message>
    <message>
        <source>Card expiry</source>
        <translation>Date d&apos;expiration de la carte</translation>
    </message>
    <message>
        <source>MM/YY</source>
        <translation>MM/AA</translation>
    </message>
    <message>
        <source>Card security code</source>
        <translation>Code de sécurité de la carte</translation>
    </message>
    <message>
        <source>CVV</source>
        <translation>CVV</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <source>ZIP</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>Pourboire</translation>
    </message>
    <message>
        <source>Receipt email</source>
        <translation>Courriel pour le reçu</translation>
    </message>
    <message>
        <source>email (optional)</source>
        <translation>courriel (facultatif)</translation>
    </message>
    <message>
        <source>&amp;Pay</source>
        <translation>&amp;Payer</translation>
    </message>
    <message>
        <source>Pay the order</source>
        <translation>Payer la commande</translation>
    </message>
    <message>
        <source>paying the order</source>
        <translation>paiement de la commande</translation>
    </message>
    <message>
        <source>Order status</source>
        <translation>État de la commande</translation>
    </message>
    <message>
        <source>Card:</source>
        <translation>Carte&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Tip:</source>
        <translation>Pour&amp;boire&#xa0;:</translation>
    </message>
    <message>
        <source>Email:</source>
        <translation>Courriel&#xa0;:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>No discount</source>
        <translation>Aucun rabais</translation>
    </message>
    <message>
        <source>pricing the order</source>
        <translation>calcul du prix de la commande</translation>
    </message>
    <message>
        <source>{amount} (pricing…)</source>
        <translation>{amount} (calcul en cours…)</translation>
    </message>
    <message>
        <source>Order {order} created: {total}. Take the payment below.</source>
        <translation>Commande {order} créée&#xa0;: {total}. Encaissez le paiement ci-dessous.</translation>
    </message>
    <message>
        <source>The tip is not an amount.</source>
        <translation>Le pourboire n&apos;est pas un montant.</translation>
    </message>
    <message>
        <source>Type it like 2.50.</source>
        <translation>Tapez-le comme ceci&#xa0;: 2,50.</translation>
    </message>
    <message>
        <source>Correct it and press Pay again.</source>
        <translation>Corrigez-le et appuyez de nouveau sur Payer.</translation>
    </message>
    <message>
        <source>Order {order} is {state}: total {total}, tip {tip}.</source>
        <translation>La commande {order} est {state}&#xa0;: total {total}, pourboire {tip}.</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>mise à jour</translation>
    </message>
</context>
<context>
    <name>OrderState</name>
    <message>
        <source>Any state</source>
        <translation>Tous les états</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouverte</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payée</translation>
    </message>
    <message>
        <source>Partially paid</source>
        <translation>Payée en partie</translation>
    </message>
    <message>
        <source>Partially refunded</source>
        <translation>Remboursée en partie</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursée</translation>
    </message>
</context>
<context>
    <name>Orders</name>
    <message>
        <source>The order has no items.</source>
        <extracomment>Expansions of the list (Clover allows three per call). The detail needs more than three: two reads, merged.</extracomment>
        <translation>La commande ne contient aucun article.</translation>
    </message>
    <message>
        <source>Add at least one item.</source>
        <translation>Ajoutez au moins un article.</translation>
    </message>
    <message>
        <source>Choose one way to pay: a card on file or a new card.</source>
        <translation>Choisissez un seul mode de paiement&#xa0;: une carte au dossier ou une nouvelle carte.</translation>
    </message>
    <message>
        <source>A tip cannot be negative.</source>
        <translation>Un pourboire ne peut pas être négatif.</translation>
    </message>
    <message>
        <source>Paying with a new card needs the customer&apos;s email for the receipt.</source>
        <translation>Pour payer avec une nouvelle carte, il faut le courriel du client pour le reçu.</translation>
    </message>
</context>
<context>
    <name>OrdersTab</name>
    <message>
        <source>Created</source>
        <translation>Créée le</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Paiements</translation>
    </message>
    <message>
        <source>Title / note</source>
        <translation>Titre / note</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Search orders</source>
        <translation>Rechercher des commandes</translation>
    </message>
    <message>
        <source>Order id, customer, note…</source>
        <translation>N° de commande, client, note…</translation>
    </message>
    <message>
        <source>Order state</source>
        <translation>État de la commande</translation>
    </message>
    <message>
        <source>Minimum total</source>
        <translation>Total minimum</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Maximum total</source>
        <translation>Total maximum</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <source>&amp;New order…</source>
        <translation>&amp;Nouvelle commande…</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>Nouvelle commande</translation>
    </message>
    <message>
        <source>Build, price, create and pay an order (Ctrl+N)</source>
        <translation>Composer, calculer, créer et payer une commande (Ctrl+N)</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>No orders match. Clear the filters or widen the dates, then Search; New order… rings one up.</source>
        <translation>Aucune commande ne correspond. Effacez les filtres ou élargissez les dates, puis cliquez sur Rechercher; Nouvelle commande… en crée une.</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>commandes</translation>
    </message>
    <message>
        <source>stored orders</source>
        <translation>commandes enregistrées</translation>
    </message>
    <message>
        <source>Order detail</source>
        <translation>Détail de la commande</translation>
    </message>
    <message>
        <source>&amp;Return items…</source>
        <translation>&amp;Retourner des articles…</translation>
    </message>
    <message>
        <source>Return items</source>
        <translation>Retourner des articles</translation>
    </message>
    <message>
        <source>&lt;b&gt;Order detail&lt;/b&gt;</source>
        <translation>&lt;b&gt;Détail de la commande&lt;/b&gt;</translation>
    </message>
    <message>
        <source>sorting orders</source>
        <translation>tri des commandes</translation>
    </message>
    <message>
        <source>searching orders</source>
        <translation>recherche des commandes</translation>
    </message>
    <message>
        <source>reading customer and staff names</source>
        <translation>lecture des noms des clients et du personnel</translation>
    </message>
    <message>
        <source>loading the order</source>
        <translation>chargement de la commande</translation>
    </message>
    <message>
        <source>loading inventory</source>
        <translation>chargement de l&apos;inventaire</translation>
    </message>
    <message>
        <source>no customer</source>
        <translation>aucun client</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Order {order}&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Commande {order}&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;table cellspacing=3 width=100%&gt;&lt;tr&gt;&lt;th align=left&gt;Item&lt;/th&gt;&lt;th align=right&gt;Price&lt;/th&gt;&lt;/tr&gt;</source>
        <translation>&lt;table cellspacing=3 width=100%&gt;&lt;tr&gt;&lt;th align=left&gt;Article&lt;/th&gt;&lt;th align=right&gt;Prix&lt;/th&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source> &lt;i&gt;(returned)&lt;/i&gt;</source>
        <translation> &lt;i&gt;(retourné)&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Article</translation>
    </message>
    <message>
        <source>modifier</source>
        <translation>modificateur</translation>
    </message>
    <message>
        <source>discount</source>
        <translation>rabais</translation>
    </message>
    <message>
        <source>Order discount: {name}</source>
        <translation>Rabais sur la commande&#xa0;: {name}</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Taxes</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>Pourboire</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursé</translation>
    </message>
    <message>
        <source>&lt;/table&gt;&lt;h4&gt;Payments&lt;/h4&gt;</source>
        <translation>&lt;/table&gt;&lt;h4&gt;Paiements&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;No payments.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Aucun paiement.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;{payment}: {amount} (tip {tip}, tax {tax}) {result}{card}&lt;/p&gt;</source>
        <translation>&lt;p&gt;{payment}&#xa0;: {amount} (pourboire {tip}, taxes {tax}) {result}{card}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Refunds&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;Remboursements&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;No refunds.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Aucun remboursement.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Order id: {id}</source>
        <translation>N° de commande : {id}</translation>
    </message>
    <message>
        <source>Customer id: {ids}</source>
        <translation>N° de client : {ids}</translation>
    </message>
</context>
<context>
    <name>Phrase</name>
    <message>
        <source> and </source>
        <translation> et </translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>Edit plan</source>
        <translation>Modifier le forfait</translation>
    </message>
    <message>
        <source>New plan</source>
        <translation>Nouveau forfait</translation>
    </message>
    <message>
        <source>Plan name</source>
        <translation>Nom du forfait</translation>
    </message>
    <message>
        <source>Plan amount</source>
        <translation>Montant du forfait</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>Intervalle</translation>
    </message>
    <message>
        <source>Every how many intervals</source>
        <translation>Tous les combien d&apos;intervalles</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Montant&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Every:</source>
        <translation>&amp;Tous les&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Interval:</source>
        <translation>&amp;Intervalle&#xa0;:</translation>
    </message>
    <message>
        <source>N&amp;ote:</source>
        <translation>N&amp;ote&#xa0;:</translation>
    </message>
</context>
<context>
    <name>Plans</name>
    <message>
        <source>A plan name has 3 to 127 characters.</source>
        <translation>Le nom d&apos;un forfait compte de 3 à 127 caractères.</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>Le montant doit être supérieur à zéro.</translation>
    </message>
    <message>
        <source>Choose how often the plan charges.</source>
        <translation>Choisissez la fréquence des prélèvements du forfait.</translation>
    </message>
    <message>
        <source>Charge every 1 to 365 intervals.</source>
        <translation>Prélevez tous les 1 à 365 intervalles.</translation>
    </message>
    <message>
        <source>Choose a customer with a card on file.</source>
        <translation>Choisissez un client avec une carte au dossier.</translation>
    </message>
</context>
<context>
    <name>PlansTab</name>
    <message>
        <source>Search plans</source>
        <translation>Rechercher des forfaits</translation>
    </message>
    <message>
        <source>Plan name…</source>
        <translation>Nom du forfait…</translation>
    </message>
    <message>
        <source>&amp;New plan…</source>
        <translation>&amp;Nouveau forfait…</translation>
    </message>
    <message>
        <source>New plan</source>
        <translation>Nouveau forfait</translation>
    </message>
    <message>
        <source>&amp;Edit plan…</source>
        <translation>&amp;Modifier le forfait…</translation>
    </message>
    <message>
        <source>Edit plan</source>
        <translation>Modifier le forfait</translation>
    </message>
    <message>
        <source>&amp;Delete plan</source>
        <translation>&amp;Supprimer le forfait</translation>
    </message>
    <message>
        <source>Delete plan</source>
        <translation>Supprimer le forfait</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Forfait</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Charges</source>
        <translation>Prélèvements</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>Plans</source>
        <translation>Forfaits</translation>
    </message>
    <message>
        <source>No subscription plans yet. Create one with New plan…</source>
        <translation>Aucun forfait d&apos;abonnement pour l&apos;instant. Créez-en un avec Nouveau forfait…</translation>
    </message>
    <message>
        <source>plans</source>
        <translation>forfaits</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Last charged</source>
        <translation>Dernier prélèvement</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Subscriptions of the plan</source>
        <translation>Abonnements au forfait</translation>
    </message>
    <message>
        <source>Select a plan to see its subscriptions; Subscribe customer… adds one.</source>
        <translation>Choisissez un forfait pour voir ses abonnements; Abonner un client… en ajoute un.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Subscriptions&lt;/b&gt; (select a plan)</source>
        <translation>&lt;b&gt;Abonnements&lt;/b&gt; (choisissez un forfait)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Subscriptions&lt;/b&gt; (open a plan)</source>
        <translation>&lt;b&gt;Abonnements&lt;/b&gt; (ouvrez un forfait)</translation>
    </message>
    <message>
        <source>&amp;Subscribe customer…</source>
        <translation>&amp;Abonner un client…</translation>
    </message>
    <message>
        <source>Subscribe a customer</source>
        <translation>Abonner un client</translation>
    </message>
    <message>
        <source>Edit su&amp;bscription…</source>
        <translation>Modifier l&apos;a&amp;bonnement…</translation>
    </message>
    <message>
        <source>Edit subscription</source>
        <translation>Modifier l&apos;abonnement</translation>
    </message>
    <message>
        <source>&amp;Cancel subscription</source>
        <translation>A&amp;nnuler l&apos;abonnement</translation>
    </message>
    <message>
        <source>Cancel subscription</source>
        <translation>Annuler l&apos;abonnement</translation>
    </message>
    <message>
        <source>searching plans</source>
        <translation>recherche des forfaits</translation>
    </message>
    <message>
        <source>loading subscriptions</source>
        <translation>chargement des abonnements</translation>
    </message>
    <message>
        <source>&lt;b&gt;Subscriptions of {plan}&lt;/b&gt; ({every})</source>
        <translation>&lt;b&gt;Abonnements à {plan}&lt;/b&gt; ({every})</translation>
    </message>
    <message>
        <source>creating the plan</source>
        <translation>création du forfait</translation>
    </message>
    <message>
        <source>saving the plan</source>
        <translation>enregistrement du forfait</translation>
    </message>
    <message>
        <source>deleting the plan</source>
        <translation>suppression du forfait</translation>
    </message>
    <message>
        <source>loading cards on file</source>
        <translation>chargement des cartes au dossier</translation>
    </message>
    <message>
        <source>subscribing the customer</source>
        <translation>abonnement du client</translation>
    </message>
    <message>
        <source>saving the subscription</source>
        <translation>enregistrement de l&apos;abonnement</translation>
    </message>
    <message>
        <source>cancelling the subscription</source>
        <translation>annulation de l&apos;abonnement</translation>
    </message>
</context>
<context>
    <name>ProfileAdmin</name>
    <message>
        <source>Give the profile a name.</source>
        <extracomment>Checks a profile with the given secrets; returns what staff should read on success. Kept from *Connect to Clover…* (the app id its OAuth pair refreshes with).</extracomment>
        <translation>Donnez un nom au profil.</translation>
    </message>
    <message>
        <source>Training is built in; choose sandbox or production.</source>
        <translation>La formation est intégrée; choisissez bac à sable ou production.</translation>
    </message>
    <message>
        <source>The merchant id is 13 letters and digits.</source>
        <translation>L&apos;ID du marchand compte 13 lettres et chiffres.</translation>
    </message>
</context>
<context>
    <name>Profiles</name>
    <message>
        <source>Training</source>
        <extracomment>The id of the built-in profile that talks to the local training sandbox.</extracomment>
        <translation>Formation</translation>
    </message>
</context>
<context>
    <name>RefundDayPanel</name>
    <message>
        <source>End-of-day refunds</source>
        <translation>Remboursements de fin de journée</translation>
    </message>
    <message>
        <source>Day of the refund report</source>
        <translation>Jour du rapport des remboursements</translation>
    </message>
    <message>
        <source>Save CS&amp;V…</source>
        <translation>Enregistrer en CS&amp;V…</translation>
    </message>
    <message>
        <source>Save the day&apos;s refunds as CSV</source>
        <translation>Enregistrer les remboursements de la journée en CSV</translation>
    </message>
    <message>
        <source>Save P&amp;DF…</source>
        <translation>Enregistrer en P&amp;DF…</translation>
    </message>
    <message>
        <source>Save the day&apos;s refunds as PDF</source>
        <translation>Enregistrer les remboursements de la journée en PDF</translation>
    </message>
    <message>
        <source>Refunds made on this computer on</source>
        <translation>Remboursements faits sur cet ordinateur le</translation>
    </message>
    <message>
        <source>Clover Desk end-of-day refunds</source>
        <translation>Clover Desk — remboursements de fin de journée</translation>
    </message>
    <message>
        <source>No refunds were made on this computer that day.</source>
        <translation>Aucun remboursement n&apos;a été fait sur cet ordinateur ce jour-là.</translation>
    </message>
    <message>
        <source>1 refund by {staff}, {totals}</source>
        <translation>1 remboursement par {staff}, {totals}</translation>
    </message>
    <message>
        <source>{count} refunds by {staff}, {totals}</source>
        <translation>{count} remboursements par {staff}, {totals}</translation>
    </message>
    <message numerus="yes">
        <source>{count} refunds by %n staff, {totals}</source>
        <translation>
            <numerusform>{count} remboursements par %n membre du personnel, {totals}</numerusform>
            <numerusform>{count} remboursements par %n membres du personnel, {totals}</numerusform>
        </translation>
    </message>
    <message>
        <source>Refunds of {day}</source>
        <translation>Remboursements du {day}</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Articles</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Approuvé par</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>saving the refund report</source>
        <translation>enregistrement du rapport des remboursements</translation>
    </message>
</context>
<context>
    <name>RefundReason</name>
    <message>
        <source>Requested by customer</source>
        <translation>Demandé par le client</translation>
    </message>
    <message>
        <source>Duplicate charge</source>
        <translation>Transaction en double</translation>
    </message>
    <message>
        <source>Fraudulent charge</source>
        <translation>Transaction frauduleuse</translation>
    </message>
</context>
<context>
    <name>RefundRules</name>
    <message>
        <source>the charge includes tax</source>
        <translation>la transaction comprend des taxes</translation>
    </message>
    <message>
        <source>the charge includes a tip</source>
        <translation>la transaction comprend un pourboire</translation>
    </message>
    <message>
        <source>the order has more than one line item</source>
        <translation>la commande compte plus d&apos;un article</translation>
    </message>
    <message>
        <source>An uncaptured authorization cannot be refunded.</source>
        <translation>Une autorisation non capturée ne peut pas être remboursée.</translation>
    </message>
    <message>
        <source>This charge has already been fully refunded.</source>
        <translation>Cette transaction a déjà été remboursée au complet.</translation>
    </message>
    <message>
        <source>Clover does not allow a partial amount refund here because {reasons}. Refund chosen items instead (an order return).</source>
        <translation>Clover ne permet pas ici le remboursement d&apos;un montant partiel, car {reasons}. Remboursez plutôt des articles choisis (un retour de commande).</translation>
    </message>
    <message>
        <source>Enter an amount above zero.</source>
        <translation>Entrez un montant supérieur à zéro.</translation>
    </message>
    <message>
        <source>Only {amount} remains refundable on this charge.</source>
        <translation>Il ne reste que {amount} à rembourser sur cette transaction.</translation>
    </message>
    <message>
        <source>This charge has no order items to return.</source>
        <translation>Cette transaction n&apos;a aucun article de commande à retourner.</translation>
    </message>
    <message>
        <source>Line item {item} is not on this order.</source>
        <translation>L&apos;article {item} ne fait pas partie de cette commande.</translation>
    </message>
    <message>
        <source>{item} has already been returned.</source>
        <translation>{item} a déjà été retourné.</translation>
    </message>
    <message>
        <source>Choose at least one item to return.</source>
        <translation>Choisissez au moins un article à retourner.</translation>
    </message>
</context>
<context>
    <name>RefundWizard</name>
    <message>
        <source>Refund everything that remains</source>
        <translation>Rembourser tout ce qui reste</translation>
    </message>
    <message>
        <source>Refund an amount</source>
        <translation>Rembourser un montant</translation>
    </message>
    <message>
        <source>Refund chosen items (order return)</source>
        <translation>Rembourser des articles choisis (retour de commande)</translation>
    </message>
    <message>
        <source>What to refund</source>
        <translation>Quoi rembourser</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Refund charge {charge}</source>
        <translation>Rembourser la transaction {charge}</translation>
    </message>
    <message>
        <source>No manager is set up to approve refunds.</source>
        <translation>Aucun gérant n&apos;est configuré pour approuver les remboursements.</translation>
    </message>
    <message>
        <source>Sending the refund to Clover…</source>
        <translation>Envoi du remboursement à Clover…</translation>
    </message>
    <message>
        <source>Something went wrong while sending ({error}). Clover Desk will confirm the refund on its own.</source>
        <translation>Un problème est survenu pendant l&apos;envoi ({error}). Clover Desk confirmera le remboursement de lui-même.</translation>
    </message>
    <message>
        <source>Save refund receipt</source>
        <translation>Enregistrer le reçu de remboursement</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Refund id</source>
        <translation>N° de remboursement</translation>
    </message>
    <message>
        <source>Remaining refundable</source>
        <translation>Reste remboursable</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Refund receipt&lt;/h2&gt;&lt;table cellpadding=&apos;4&apos;&gt;{rows}&lt;/table&gt;</source>
        <translation>&lt;h2&gt;Reçu de remboursement&lt;/h2&gt;&lt;table cellpadding=&apos;4&apos;&gt;{rows}&lt;/table&gt;</translation>
    </message>
</context>
<context>
    <name>RefundWizardState</name>
    <message>
        <source>A partial amount cannot be refunded because {reasons}.</source>
        <extracomment>What this staff member already refunded (on this charge, today): it counts against a clerk&apos;s limits, so the wizard asks for a PIN where the service will.</extracomment>
        <translation>Un montant partiel ne peut pas être remboursé, car {reasons}.</translation>
    </message>
    <message>
        <source>Choose the items to refund instead: Clover Desk sends them as an order return.</source>
        <translation>Choisissez plutôt les articles à rembourser&#xa0;: Clover Desk les envoie comme un retour de commande.</translation>
    </message>
    <message>
        <source>Choose a reason.</source>
        <translation>Choisissez un motif.</translation>
    </message>
    <message>
        <source>A note is required for partial and item refunds.</source>
        <translation>Une note est obligatoire pour les remboursements partiels et d&apos;articles.</translation>
    </message>
    <message>
        <source>Keep the note under {count} characters.</source>
        <translation>Gardez la note sous {count} caractères.</translation>
    </message>
    <message>
        <source>{name} may not make refunds.</source>
        <translation>{name} n&apos;a pas le droit de faire des remboursements.</translation>
    </message>
    <message>
        <source>{why}: a manager must enter their PIN.</source>
        <translation>{why}&#xa0;: un gérant doit entrer son NIP.</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Articles</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Approuvé par</translation>
    </message>
    <message>
        <source>This charge was refunded before ({amount}).</source>
        <translation>Cette transaction a déjà été remboursée en partie ({amount}).</translation>
    </message>
    <message>
        <source>The charge carries a tip of {amount}; a full refund returns it too.</source>
        <translation>La transaction comprend un pourboire de {amount}; un remboursement complet le rembourse aussi.</translation>
    </message>
    <message>
        <source>The tip of {amount} is not part of this refund.</source>
        <translation>Le pourboire de {amount} ne fait pas partie de ce remboursement.</translation>
    </message>
</context>
<context>
    <name>Refunds</name>
    <message>
        <source>A refund of this charge is already open in another window. Finish or close that one first.</source>
        <extracomment>Delays between background attempts to settle an unknown outcome (seconds); the last one repeats until the entry settles or the service closes.</extracomment>
        <translation>Un remboursement de cette transaction est déjà ouvert dans une autre fenêtre. Terminez-le ou fermez-le d&apos;abord.</translation>
    </message>
    <message>
        <source>Order {order} has no card payment to refund.</source>
        <translation>La commande {order} n&apos;a aucun paiement par carte à rembourser.</translation>
    </message>
    <message>
        <source>This refund is not part of an accepted batch: nothing was sent.</source>
        <translation>Ce remboursement ne fait partie d&apos;aucun lot accepté : rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>An earlier refund of this charge could not be confirmed with Clover yet. Clover Desk keeps checking; try again when it has settled.</source>
        <translation>Un remboursement antérieur de cette transaction n&apos;a pas encore pu être confirmé auprès de Clover. Clover Desk continue de vérifier; réessayez quand il sera réglé.</translation>
    </message>
    <message>
        <source>Could not read the charge from Clover ({reason}). Nothing was sent; try again when Clover answers.</source>
        <translation>Impossible de lire la transaction chez Clover ({reason}). Rien n&apos;a été envoyé; réessayez quand Clover répondra.</translation>
    </message>
    <message>
        <source>What remains of this charge changed from {before} to {now} since it was shown. Nothing was sent; start the refund again to see the new amount.</source>
        <translation>Ce qui reste sur cette transaction est passé de {before} à {now} depuis son affichage. Rien n&apos;a été envoyé; recommencez le remboursement pour voir le nouveau montant.</translation>
    </message>
    <message>
        <source>{name} is not on this merchant&apos;s staff: nothing was sent.</source>
        <translation>{name} ne fait pas partie du personnel de ce marchand&#xa0;: rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>{name}&apos;s account is inactive: nothing was sent.</source>
        <translation>Le compte de {name} est inactif&#xa0;: rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>This refund is not the one the batch holds for it: nothing was sent.</source>
        <translation>Ce remboursement n&apos;est pas celui que le lot prévoit : rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>The manager who approved this batch can no longer approve refunds: nothing more of it is sent. Ask another manager to approve what is left.</source>
        <translation>Le gérant qui a approuvé ce lot ne peut plus approuver de remboursements : rien de plus n&apos;en est envoyé. Demandez à un autre gérant d&apos;approuver le reste.</translation>
    </message>
    <message>
        <source>{why}: a manager&apos;s approval is needed.</source>
        <translation>{why}&#xa0;: l&apos;approbation d&apos;un gérant est nécessaire.</translation>
    </message>
    <message>
        <source>A manager&apos;s approval cannot be checked here, so nothing was sent.</source>
        <translation>L&apos;approbation d&apos;un gérant ne peut pas être vérifiée ici; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>Clover&apos;s answer was lost; Clover Desk is confirming it.</source>
        <translation>La réponse de Clover s&apos;est perdue; Clover Desk est en train de la confirmer.</translation>
    </message>
    <message>
        <source>Clover could not be reached ({reason}); confirming later.</source>
        <translation>Impossible de joindre Clover ({reason}); confirmation plus tard.</translation>
    </message>
    <message>
        <source>Clover refused it.</source>
        <translation>Clover l&apos;a refusé.</translation>
    </message>
    <message>
        <source>Clover&apos;s answer has not arrived; Clover Desk is confirming the refund.</source>
        <translation>La réponse de Clover n&apos;est pas arrivée; Clover Desk est en train de confirmer le remboursement.</translation>
    </message>
    <message>
        <source>{name} may not make refunds.</source>
        <translation>{name} n&apos;a pas le droit de faire des remboursements.</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>Week of {day}</source>
        <translation>Semaine du {day}</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Paiements</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Ventes</translation>
    </message>
    <message>
        <source>Tips</source>
        <translation>Pourboires</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Remboursements</translation>
    </message>
    <message>
        <source>Refunds (count)</source>
        <translation>Nbre de remb.</translation>
    </message>
    <message>
        <source>Partial refunds</source>
        <translation>Remb. partiels</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>Net</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>Mode de paiement</translation>
    </message>
    <message>
        <source>Staff member</source>
        <translation>Membre du personnel</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <source>Report from</source>
        <translation>Rapport du</translation>
    </message>
    <message>
        <source>Report to</source>
        <translation>Rapport au</translation>
    </message>
    <message>
        <source>Daily or weekly</source>
        <translation>Par jour ou par semaine</translation>
    </message>
    <message>
        <source>Breakdown</source>
        <translation>Ventilation</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Afficher</translation>
    </message>
    <message>
        <source>Show the report</source>
        <translation>Afficher le rapport</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>Exporter en &amp;CSV…</translation>
    </message>
    <message>
        <source>Export the table as CSV</source>
        <translation>Exporter le tableau en CSV</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimer…</translation>
    </message>
    <message>
        <source>Print the report</source>
        <translation>Imprimer le rapport</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>Enregistrer en P&amp;DF…</translation>
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation>Enregistrer le rapport en PDF</translation>
    </message>
    <message>
        <source>Report totals</source>
        <translation>Totaux du rapport</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <source>Report chart</source>
        <translation>Graphique du rapport</translation>
    </message>
    <message>
        <source>Report figures</source>
        <translation>Chiffres du rapport</translation>
    </message>
    <message>
        <source>No sales in these dates in the local history. Widen the dates, or sync the history first (Sync history, above).</source>
        <translation>Aucune vente à ces dates dans l&apos;historique local. Élargissez les dates, ou synchronisez d&apos;abord l&apos;historique (Synchroniser l&apos;historique, ci-dessus).</translation>
    </message>
    <message>
        <source>History on this computer</source>
        <translation>Historique sur cet ordinateur</translation>
    </message>
    <message>
        <source>building the report</source>
        <translation>préparation du rapport</translation>
    </message>
    <message>
        <source>No history on this computer yet: sync it above to see reports.</source>
        <translation>Aucun historique sur cet ordinateur pour l&apos;instant&#xa0;: synchronisez-le ci-dessus pour voir les rapports.</translation>
    </message>
    <message>
        <source>{start} – {end}: sales {sales}, tips {tips}, refunds {refunds} ({count}, {partial} partial), net {net}</source>
        <translation>{start} – {end}&#xa0;: ventes {sales}, pourboires {tips}, remboursements {refunds} ({count}, dont {partial} partiels), net {net}</translation>
    </message>
    <message>
        <source>{breakdown}: sales, refunds and net ({currency})</source>
        <translation>{breakdown}&#xa0;: ventes, remboursements et net ({currency})</translation>
    </message>
    <message>
        <source>Export report as CSV</source>
        <translation>Exporter le rapport en CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>exporting CSV</source>
        <translation>exportation en CSV</translation>
    </message>
    <message>
        <source>Save report as PDF</source>
        <translation>Enregistrer le rapport en PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Clover Desk report</source>
        <translation>Rapport Clover Desk</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Sales report {start} – {end}&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Rapport des ventes du {start} au {end}&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Printed {moment}</source>
        <translation>Imprimé le {moment}</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>&amp;Save receipt as PDF…</source>
        <translation>&amp;Enregistrer le reçu en PDF…</translation>
    </message>
    <message>
        <source>&amp;Print receipt…</source>
        <translation>Im&amp;primer le reçu…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Refunded {amount}.&lt;/b&gt;&lt;br&gt;Refund id: {refund}&lt;br&gt;Remaining refundable: {remaining}</source>
        <translation>&lt;b&gt;Remboursement de {amount} effectué.&lt;/b&gt;&lt;br&gt;N° de remboursement&#xa0;: {refund}&lt;br&gt;Reste remboursable&#xa0;: {remaining}</translation>
    </message>
    <message>
        <source>&lt;b&gt;The refund was not made.&lt;/b&gt;&lt;br&gt;{why}</source>
        <translation>&lt;b&gt;Le remboursement n&apos;a pas été fait.&lt;/b&gt;&lt;br&gt;{why}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Outcome unknown — being confirmed.&lt;/b&gt;&lt;br&gt;{why}&lt;br&gt;Do not refund again: Clover Desk settles this refund by itself and will show it here and in Activity.</source>
        <translation>&lt;b&gt;Résultat inconnu — confirmation en cours.&lt;/b&gt;&lt;br&gt;{why}&lt;br&gt;Ne remboursez pas de nouveau&#xa0;: Clover Desk règle ce remboursement de lui-même et l&apos;affichera ici et dans Activité.</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>&amp;Refund</source>
        <translation>&amp;Rembourser</translation>
    </message>
    <message>
        <source>Approving manager</source>
        <translation>Gérant qui approuve</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>NIP du gérant</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approuver</translation>
    </message>
    <message>
        <source>Manager:</source>
        <translation>Gérant&#xa0;:</translation>
    </message>
    <message>
        <source>Approved by {name}.</source>
        <translation>Approuvé par {name}.</translation>
    </message>
    <message>
        <source>{name} approved {amount}; the refund has changed since, so a manager must approve it again.</source>
        <translation>{name} a approuvé {amount}; le remboursement a changé depuis, donc un gérant doit l&apos;approuver de nouveau.</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>owner</source>
        <translation>propriétaire</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>gérant</translation>
    </message>
    <message>
        <source>clerk</source>
        <extracomment>scrypt cost: about 20 ms on a 2-core machine; slow enough to resist offline guessing of a 4–6 digit PIN only together with the lockout below. Clover refuses a charge above 99,999,999 minor units, so no refund can be larger. Each role in words (the UI translates them in the same context).</extracomment>
        <translation>commis</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Sandbox (Clover&apos;s test servers)</source>
        <translation>Bac à sable (serveurs de test de Clover)</translation>
    </message>
    <message>
        <source>Production (real money)</source>
        <translation>Production (argent réel)</translation>
    </message>
    <message>
        <source>North America</source>
        <translation>Amérique du Nord</translation>
    </message>
    <message>
        <source>Europe</source>
        <translation>Europe</translation>
    </message>
    <message>
        <source>Latin America</source>
        <translation>Amérique latine</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Profils</translation>
    </message>
    <message>
        <source>&amp;Connect to Clover…</source>
        <translation>Se &amp;connecter à Clover…</translation>
    </message>
    <message>
        <source>Connect to Clover</source>
        <translation>Se connecter à Clover</translation>
    </message>
    <message>
        <source>&amp;Add profile</source>
        <translation>&amp;Ajouter un profil</translation>
    </message>
    <message>
        <source>Add profile</source>
        <translation>Ajouter un profil</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Retirer</translation>
    </message>
    <message>
        <source>Remove profile</source>
        <translation>Retirer le profil</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>Celle du système</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Nom du profil</translation>
    </message>
    <message>
        <source>Main Street store</source>
        <translation>Magasin de la rue Principale</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>Merchant id</source>
        <translation>ID du marchand</translation>
    </message>
    <message>
        <source>13 letters/digits</source>
        <translation>13 lettres ou chiffres</translation>
    </message>
    <message>
        <source>REST API token</source>
        <translation>Jeton de l&apos;API REST</translation>
    </message>
    <message>
        <source>Ecommerce private token</source>
        <translation>Jeton privé Ecommerce</translation>
    </message>
    <message>
        <source>PAKMS key</source>
        <translation>Clé PAKMS</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation>Enregistrer le profil</translation>
    </message>
    <message>
        <source>&amp;Use this profile</source>
        <translation>&amp;Utiliser ce profil</translation>
    </message>
    <message>
        <source>Use this profile</source>
        <translation>Utiliser ce profil</translation>
    </message>
    <message>
        <source>Settings result</source>
        <translation>Résultat des paramètres</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Close settings</source>
        <translation>Fermer les paramètres</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Environnement&#xa0;:</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>Ré&amp;gion&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Merchant id:</source>
        <translation>ID du &amp;marchand&#xa0;:</translation>
    </message>
    <message>
        <source>Advanced: paste tokens instead of connecting</source>
        <translation>Avancé&#xa0;: coller des jetons au lieu de se connecter</translation>
    </message>
    <message>
        <source>REST API &amp;token:</source>
        <translation>&amp;Jeton de l&apos;API REST&#xa0;:</translation>
    </message>
    <message>
        <source>Ecommerce &amp;private token:</source>
        <translation>Jeton &amp;privé Ecommerce&#xa0;:</translation>
    </message>
    <message>
        <source>PA&amp;KMS key:</source>
        <translation>Clé PA&amp;KMS&#xa0;:</translation>
    </message>
    <message>
        <source>Tokens go straight to the system keyring, never into a file. Leave a token empty to keep the stored one.</source>
        <translation>Les jetons vont directement dans le trousseau du système, jamais dans un fichier. Laissez un jeton vide pour garder celui qui est enregistré.</translation>
    </message>
    <message>
        <source>Clover Desk speaks it from its next start.</source>
        <translation>Clover Desk l&apos;utilisera dès son prochain démarrage.</translation>
    </message>
    <message>
        <source>Training (built in)</source>
        <translation>Formation (intégrée)</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Formation</translation>
    </message>
    <message>
        <source>The training sandbox runs on this computer; no setup.</source>
        <translation>Le bac à sable de formation fonctionne sur cet ordinateur; aucune configuration.</translation>
    </message>
    <message>
        <source>reading the keyring</source>
        <translation>lecture du trousseau</translation>
    </message>
    <message>
        <source>stored in the keyring</source>
        <translation>enregistré dans le trousseau</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>non défini</translation>
    </message>
    <message>
        <source>New profile: fill it in and press Save.</source>
        <translation>Nouveau profil&#xa0;: remplissez-le et appuyez sur Enregistrer.</translation>
    </message>
    <message>
        <source>saving the profile</source>
        <translation>enregistrement du profil</translation>
    </message>
    <message>
        <source>Saved {profile}. Tokens are in the keyring.</source>
        <translation>{profile} enregistré. Les jetons sont dans le trousseau.</translation>
    </message>
    <message>
        <source>removing the profile</source>
        <translation>retrait du profil</translation>
    </message>
    <message>
        <source>Switching…</source>
        <translation>Changement en cours…</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <source>testing the connection</source>
        <translation>test de la connexion</translation>
    </message>
    <message>
        <source>No token is typed or stored for this profile.</source>
        <translation>Aucun jeton n&apos;est tapé ni enregistré pour ce profil.</translation>
    </message>
    <message>
        <source>Type the REST API token, then test again.</source>
        <translation>Tapez le jeton de l&apos;API REST, puis testez de nouveau.</translation>
    </message>
    <message>
        <source>Test cancelled.</source>
        <translation>Test annulé.</translation>
    </message>
    <message>
        <source>✘ Connection failed: {error}</source>
        <translation>✘ La connexion a échoué&#xa0;: {error}</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Clover Desk</source>
        <translation>Connexion à Clover Desk</translation>
    </message>
    <message>
        <source>Owner&apos;s name</source>
        <translation>Nom du propriétaire</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>NIP de nouveau</translation>
    </message>
    <message>
        <source>Create the owner&apos;s account</source>
        <translation>Créer le compte du propriétaire</translation>
    </message>
    <message>
        <source>No staff account exists on this computer yet. Create the owner&apos;s account: the owner manages settings, staff and Clover tokens.</source>
        <translation>Aucun compte du personnel n&apos;existe encore sur cet ordinateur. Créez le compte du propriétaire&#xa0;: le propriétaire gère les paramètres, le personnel et les jetons Clover.</translation>
    </message>
    <message>
        <source>Getting the training merchant ready… You can sign in in a moment.</source>
        <extracomment>Minutes without keyboard or mouse input before the window locks (settings may change it).</extracomment>
        <translation>Préparation du marchand de formation… Vous pourrez ouvrir une session dans un instant.</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>Staff member</source>
        <translation>Membre du personnel</translation>
    </message>
    <message>
        <source>&amp;Staff</source>
        <translation>&amp;Personnel</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>NIP</translation>
    </message>
    <message>
        <source>&amp;PIN</source>
        <translation>N&amp;IP</translation>
    </message>
    <message>
        <source>PIN &amp;again</source>
        <translation>NIP de &amp;nouveau</translation>
    </message>
    <message>
        <source>{name} — PIN {pin}</source>
        <translation>{name} — NIP {pin}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Training mode.&lt;/b&gt; Demo staff: {staff}</source>
        <translation>&lt;b&gt;Mode formation.&lt;/b&gt; Personnel de démonstration&#xa0;: {staff}</translation>
    </message>
    <message>
        <source>Sign &amp;in</source>
        <translation>Se &amp;connecter</translation>
    </message>
    <message>
        <source>No staff account exists yet.</source>
        <translation>Aucun compte du personnel n&apos;existe encore.</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Les deux NIP diffèrent.</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Non connecté</translation>
    </message>
</context>
<context>
    <name>Staff</name>
    <message>
        <source>view</source>
        <extracomment>What each permission lets someone do, as the end of &quot;… may not ___&quot;.</extracomment>
        <translation>consulter</translation>
    </message>
    <message>
        <source>refund</source>
        <translation>rembourser</translation>
    </message>
    <message>
        <source>approve refunds</source>
        <translation>approuver des remboursements</translation>
    </message>
    <message>
        <source>manage settings</source>
        <translation>gérer les paramètres</translation>
    </message>
    <message>
        <source>manage staff</source>
        <translation>gérer le personnel</translation>
    </message>
    <message>
        <source>manage tokens</source>
        <translation>gérer les jetons</translation>
    </message>
    <message>
        <source>{name} ({role}) may not {action}.</source>
        <extracomment>How long a manager&apos;s approval stays good: long enough to finish the wizard&apos;s Review page, short enough that an approval left on a screen cannot be used later.</extracomment>
        <translation>{name} ({role}) n&apos;a pas le droit de {action}.</translation>
    </message>
    <message>
        <source>{name} has refunded {today} today; with {amount} that is over their daily total of {daily}</source>
        <translation>{name} a remboursé {today} aujourd&apos;hui; avec {amount}, cela dépasse son total quotidien de {daily}</translation>
    </message>
    <message>
        <source>With the {earlier} {name} already refunded on this charge, {together} is over their refund limit</source>
        <translation>Avec les {earlier} déjà remboursés par {name} sur cette transaction, {together} dépasse sa limite de remboursement</translation>
    </message>
    <message>
        <source>{amount} is over {name}&apos;s refund limit</source>
        <translation>{amount} dépasse la limite de remboursement de {name}</translation>
    </message>
    <message>
        <source>A PIN is at least {least} digits (0 to 9) and at most {most}.</source>
        <translation>Un NIP compte au moins {least} chiffres (0 à 9) et au plus {most}.</translation>
    </message>
    <message>
        <source>A refund limit is between 0 and 999,999.99.</source>
        <translation>Une limite de remboursement se situe entre 0 et 999 999,99.</translation>
    </message>
    <message>
        <source>Only an owner can add staff.</source>
        <extracomment>Columns added since the first release, for directories made before them.</extracomment>
        <translation>Seul un propriétaire peut ajouter du personnel.</translation>
    </message>
    <message>
        <source>A staff member needs a name.</source>
        <translation>Un membre du personnel doit avoir un nom.</translation>
    </message>
    <message>
        <source>There is already a staff member called {name}.</source>
        <translation>Il y a déjà un membre du personnel nommé {name}.</translation>
    </message>
    <message>
        <source>No such staff member.</source>
        <translation>Ce membre du personnel n&apos;existe pas.</translation>
    </message>
    <message>
        <source>You cannot deactivate your own account.</source>
        <translation>Vous ne pouvez pas désactiver votre propre compte.</translation>
    </message>
    <message>
        <source>Unknown or inactive staff member.</source>
        <translation>Membre du personnel inconnu ou inactif.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: {name} is locked for about {minutes} min.</source>
        <translation>Trop de NIP erronés&#xa0;: {name} est verrouillé pendant environ {minutes} min.</translation>
    </message>
    <message>
        <source>That PIN is not right.</source>
        <translation>Ce NIP n&apos;est pas le bon.</translation>
    </message>
    <message>
        <source>{name} cannot approve this refund.</source>
        <translation>{name} ne peut pas approuver ce remboursement.</translation>
    </message>
    <message>
        <source>The manager&apos;s approval is not valid. Ask a manager to approve again.</source>
        <translation>L&apos;approbation du gérant n&apos;est pas valide. Demandez à un gérant d&apos;approuver de nouveau.</translation>
    </message>
    <message>
        <source>The manager&apos;s approval was for another charge. Ask a manager to approve this refund.</source>
        <translation>L&apos;approbation du gérant visait une autre transaction. Demandez à un gérant d&apos;approuver ce remboursement.</translation>
    </message>
    <message>
        <source>The manager approved a different kind of refund. Ask a manager to approve this one.</source>
        <translation>Le gérant a approuvé un autre type de remboursement. Demandez à un gérant d&apos;approuver celui-ci.</translation>
    </message>
    <message>
        <source>The manager approved {approved}, not {amount}. Nothing was sent; ask a manager to approve the new amount.</source>
        <translation>Le gérant a approuvé {approved}, et non {amount}. Rien n&apos;a été envoyé; demandez à un gérant d&apos;approuver le nouveau montant.</translation>
    </message>
    <message>
        <source>The manager approved different items. Ask a manager to approve these.</source>
        <translation>Le gérant a approuvé d&apos;autres articles. Demandez à un gérant d&apos;approuver ceux-ci.</translation>
    </message>
    <message>
        <source>The manager&apos;s approval is not valid. Ask a manager to approve the batch again.</source>
        <translation>L&apos;approbation du gérant n&apos;est pas valide. Demandez à un gérant d&apos;approuver le lot de nouveau.</translation>
    </message>
    <message>
        <source>The manager approved a different batch: the rows have changed since. Nothing was sent; ask a manager to approve this batch.</source>
        <translation>Le gérant a approuvé un autre lot&#xa0;: les lignes ont changé depuis. Rien n&apos;a été envoyé; demandez à un gérant d&apos;approuver ce lot-ci.</translation>
    </message>
    <message>
        <source>The manager&apos;s approval has expired. Ask a manager to approve again.</source>
        <translation>L&apos;approbation du gérant a expiré. Demandez à un gérant d&apos;approuver de nouveau.</translation>
    </message>
    <message>
        <source>{name} can no longer approve refunds. Ask another manager.</source>
        <translation>{name} ne peut plus approuver de remboursements. Demandez à un autre gérant.</translation>
    </message>
    <message>
        <source>The manager&apos;s approval has already been used. Ask a manager to approve again.</source>
        <translation>L&apos;approbation du gérant a déjà été utilisée. Demandez à un gérant d&apos;approuver de nouveau.</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source> · refunds up to {amount}</source>
        <translation> · rembourse jusqu&apos;à {amount}</translation>
    </message>
    <message>
        <source> · no refunds without a manager</source>
        <translation> · aucun remboursement sans gérant</translation>
    </message>
    <message>
        <source> · {amount} a day</source>
        <translation> · {amount} par jour</translation>
    </message>
    <message>
        <source> · inactive</source>
        <translation> · inactif</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>Comptes du personnel</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>NIP</translation>
    </message>
    <message>
        <source>Refund limit</source>
        <translation>Limite de remboursement</translation>
    </message>
    <message>
        <source>Clerks only, in {currency}</source>
        <translation>Commis seulement, en {currency}</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;Rôle</translation>
    </message>
    <message>
        <source>&amp;PIN</source>
        <translation>N&amp;IP</translation>
    </message>
    <message>
        <source>Daily refund total</source>
        <translation>Total quotidien des remboursements</translation>
    </message>
    <message>
        <source>Clerks only, in {currency}; empty for none</source>
        <translation>Commis seulement, en {currency}; vide pour aucun</translation>
    </message>
    <message>
        <source>Refund &amp;limit</source>
        <translation>&amp;Limite de remboursement</translation>
    </message>
    <message>
        <source>Daily refund &amp;total</source>
        <translation>&amp;Total quotidien des remboursements</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <source>Add the staff member</source>
        <translation>Ajouter le membre du personnel</translation>
    </message>
    <message>
        <source>Set li&amp;mit</source>
        <translation>Fixer la li&amp;mite</translation>
    </message>
    <message>
        <source>Set the selected clerk&apos;s refund limit</source>
        <translation>Fixer la limite de remboursement du commis choisi</translation>
    </message>
    <message>
        <source>Set daily t&amp;otal</source>
        <translation>Fixer le t&amp;otal quotidien</translation>
    </message>
    <message>
        <source>Set the most the selected clerk may refund in a day without a manager</source>
        <translation>Fixer le maximum que le commis choisi peut rembourser par jour sans gérant</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>&amp;Désactiver</translation>
    </message>
    <message>
        <source>Deactivate the selected account</source>
        <translation>Désactiver le compte choisi</translation>
    </message>
    <message>
        <source>Lock after idle minutes</source>
        <translation>Verrouiller après des minutes d&apos;inactivité</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Lock the window after</source>
        <translation>Verrouiller la fenêtre après</translation>
    </message>
    <message>
        <source>without input</source>
        <translation>sans activité</translation>
    </message>
    <message>
        <source>{text} is not an amount in {currency}.</source>
        <translation>{text} n&apos;est pas un montant en {currency}.</translation>
    </message>
    <message>
        <source>Added {name}.</source>
        <translation>{name} ajouté.</translation>
    </message>
    <message>
        <source>Choose a staff member first.</source>
        <translation>Choisissez d&apos;abord un membre du personnel.</translation>
    </message>
    <message>
        <source>{name}&apos;s refund limit is updated.</source>
        <translation>La limite de remboursement de {name} est mise à jour.</translation>
    </message>
    <message>
        <source>{name} has no daily refund total now.</source>
        <translation>{name} n&apos;a plus de total quotidien de remboursements.</translation>
    </message>
    <message>
        <source>{name} may refund up to {amount} a day without a manager.</source>
        <translation>{name} peut rembourser jusqu&apos;à {amount} par jour sans gérant.</translation>
    </message>
    <message>
        <source>{name} can no longer sign in.</source>
        <translation>{name} ne peut plus se connecter.</translation>
    </message>
</context>
<context>
    <name>SubscriptionDialog</name>
    <message>
        <source>Edit subscription</source>
        <translation>Modifier l&apos;abonnement</translation>
    </message>
    <message>
        <source>Subscribe a customer</source>
        <translation>Abonner un client</translation>
    </message>
    <message>
        <source>Customer with a card on file</source>
        <translation>Client avec une carte au dossier</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>plan&apos;s amount</source>
        <translation>montant du forfait</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>&amp;Customer:</source>
        <translation>&amp;Client&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Montant&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Note&#xa0;:</translation>
    </message>
    <message>
        <source>Type the amount like 12.50, or leave it empty.</source>
        <translation>Tapez le montant comme 12,50, ou laissez-le vide.</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Paiements</translation>
    </message>
    <message>
        <source>History sync</source>
        <translation>Synchronisation de l&apos;historique</translation>
    </message>
    <message>
        <source>Sync history from</source>
        <translation>Synchroniser l&apos;historique à partir du</translation>
    </message>
    <message>
        <source>&amp;Sync history</source>
        <translation>&amp;Synchroniser l&apos;historique</translation>
    </message>
    <message>
        <source>Sync history</source>
        <translation>Synchroniser l&apos;historique</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancel the sync</source>
        <translation>Annuler la synchronisation</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>État de la synchronisation</translation>
    </message>
    <message>
        <source>From</source>
        <translation>À partir du</translation>
    </message>
    <message>
        <source>syncing the history</source>
        <translation>synchronisation de l&apos;historique</translation>
    </message>
    <message>
        <source> (That is {moment} here.)</source>
        <translation> (Soit {moment} ici.)</translation>
    </message>
    <message>
        <source>{kind} from {start}</source>
        <translation>{kind} à partir du {start}</translation>
    </message>
    <message>
        <source>file {done} of {total}</source>
        <translation>fichier {done} sur {total}</translation>
    </message>
    <message>
        <source>done · {count} stored</source>
        <translation>terminé · {count} enregistrés</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminé</translation>
    </message>
</context>
<context>
    <name>WhatPage</name>
    <message>
        <source>Charged {amount}</source>
        <translation>Payé {amount}</translation>
    </message>
    <message>
        <source> + tip {amount}</source>
        <translation> + pourboire {amount}</translation>
    </message>
    <message>
        <source> · remaining refundable: &lt;b&gt;{amount}&lt;/b&gt;</source>
        <translation> · reste remboursable&#xa0;: &lt;b&gt;{amount}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Amount to refund</source>
        <translation>Montant à rembourser</translation>
    </message>
    <message>
        <source>Amount in {currency}</source>
        <translation>Montant en {currency}</translation>
    </message>
    <message>
        <source>Items to refund</source>
        <translation>Articles à rembourser</translation>
    </message>
    <message>
        <source> (returned)</source>
        <translation> (retourné)</translation>
    </message>
</context>
<context>
    <name>WhyPage</name>
    <message>
        <source>Refund reason</source>
        <translation>Motif du remboursement</translation>
    </message>
    <message>
        <source>Choose a reason…</source>
        <translation>Choisissez un motif…</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>What happened (required for partial and item refunds)</source>
        <translation>Ce qui s&apos;est passé (obligatoire pour les remboursements partiels et d&apos;articles)</translation>
    </message>
</context>
<context>
    <name>WindowPhase</name>
    <message>
        <source>Queued</source>
        <extracomment>The longest oldest window of a range over several windows. What is left after the last export is built — storing that window and building its search documents — is in proportion to it, so it is kept short (see plan_windows). Payment and refund time filters see 90 days; stay well inside. Export files written in one transaction at most (memory: ~1,000 objects each). (weekday Monday=0, start minute of day, end minute of day), UTC, end exclusive.</extracomment>
        <translation>En file d&apos;attente</translation>
    </message>
    <message>
        <source>Clover is preparing the export</source>
        <translation>Clover prépare l&apos;exportation</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Téléchargement</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
</context>
</TS>
